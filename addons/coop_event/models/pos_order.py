from collections import Counter

from odoo import api, models


class PosOrder(models.Model):
    _inherit = "pos.order"

    @api.model
    def _coop_sale_problems(self, config, partner, lines, order=None):
        """Also: a member-price ticket only for a member who may shop, and no more seats
        than the event and the ticket hold."""
        problems = super()._coop_sale_problems(config, partner, lines, order=order)
        Registration = self.env["event.registration"]
        wanted = Counter()
        for line in lines:
            ticket = line.get("event_ticket")
            if not ticket or line["qty"] <= 0:
                continue
            problem = Registration._coop_member_price_problem(ticket, partner)
            if problem:
                problems.append(("ticket", problem))
            wanted[ticket] += int(line["qty"])
            wanted[ticket.event_id] += int(line["qty"])
        for record, count in wanted.items():
            limited = record.seats_max and (record._name != "event.event" or record.seats_limited)
            if not limited:
                continue
            if order:
                # Stored: the order's own registrations already count among the seats taken.
                if record.seats_available < 0:
                    problems.append(
                        (
                            "seats",
                            self.env._(
                                "%(what)s is overbooked: %(over)s seat(s) more than it holds.",
                                what=record.display_name,
                                over=-record.seats_available,
                            ),
                        )
                    )
            elif count > record.seats_available:
                problems.append(
                    (
                        "seats",
                        self.env._(
                            "Only %(left)s seats are left for %(what)s: %(count)s asked.",
                            left=max(record.seats_available, 0),
                            what=record.display_name,
                            count=count,
                        ),
                    )
                )
        return problems
