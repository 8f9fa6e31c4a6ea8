from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

# Written by the co-op's own code only (as superuser): whoever could write them could hold a
# seat for ever, or tie a registration to an invoice that someone else pays.
COOP_SYSTEM_FIELDS = frozenset({"coop_hold_until", "coop_invoice_id"})


class EventRegistration(models.Model):
    _inherit = "event.registration"

    coop_invoice_id = fields.Many2one(
        "account.move", string="Invoice", readonly=True, copy=False, index="btree_not_null"
    )
    coop_hold_until = fields.Datetime(
        string="Held Until",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Bought in the portal and not paid yet: the seat is kept for the buyer until "
        "then, and goes back on sale if the invoice is still unpaid. Paying the invoice "
        "confirms the registration.",
    )

    # Checked before writing rather than as a constraint: event's own create hooks (seat
    # counters, mail schedulers) must never run for a registration that is refused.
    def _get_report_base_filename(self):
        self.ensure_one()
        return f"ticket-{self.event_id.name}-{self.id}"

    @api.model_create_multi
    def create(self, vals_list):
        Ticket, Partner = self.env["event.event.ticket"], self.env["res.partner"]
        self._coop_check_till_registrations(vals_list)
        # A till syncing its orders: a ticket it sold was paid for, so it is recorded, and
        # the order is flagged for review if the member price or the seats were wrong
        # (pos.order._coop_sale_problems); refusing it would lose the sale.
        till_sync = self.env["pos.order"]._coop_in_till_sync()
        checked = []
        for vals in vals_list:
            self._coop_check_system_fields(vals)
            if not vals.get("partner_id") and vals.get("pos_order_line_id"):
                # Sold at the till: the attendee is the order's customer.
                line = self.env["pos.order.line"].browse(vals["pos_order_line_id"])
                vals["partner_id"] = line.order_id.partner_id.id
            if till_sync and vals.get("pos_order_line_id"):
                continue
            checked.append(vals)
            if vals.get("state") != "cancel":
                self._coop_check_member_price(
                    Ticket.browse(vals.get("event_ticket_id")),
                    Partner.browse(vals.get("partner_id")),
                )
        if len(checked) < len(vals_list):
            self._coop_lock_seats(
                Ticket.browse([v.get("event_ticket_id") for v in vals_list]).event_id,
                Ticket.browse([v.get("event_ticket_id") for v in vals_list]),
            )
        self._coop_check_seats_left(checked)
        return super().create(vals_list)

    def write(self, vals):
        self._coop_check_system_fields(vals)
        if vals.get("state") in ("open", "done") and "coop_hold_until" not in vals:
            held = self.filtered("coop_hold_until")
            if held:
                raise UserError(
                    self.env._(
                        "%(name)s is held until %(invoice)s is paid: register the payment on "
                        "the invoice, which confirms the seat.",
                        name=held[0].display_name,
                        invoice=held[0].sudo().coop_invoice_id.display_name,
                    )
                )
        if {"event_ticket_id", "partner_id", "state"} & set(vals):
            for registration in self:
                if vals.get("state", registration.state) == "cancel":
                    continue
                if registration.coop_hold_until and set(vals) <= {"state", "coop_hold_until"}:
                    # Its payment confirms a held seat: the price was checked when it was
                    # held, and a payment is never refused.
                    continue
                self._coop_check_member_price(
                    self.env["event.event.ticket"].browse(
                        vals.get("event_ticket_id", registration.event_ticket_id.id)
                    ),
                    self.env["res.partner"].browse(
                        vals.get("partner_id", registration.partner_id.id)
                    ),
                )
        if vals.get("state") in ("open", "done") and self.filtered(
            lambda r: r.state in ("draft", "cancel") and not r.coop_hold_until
        ):
            # Seats taken anew, which the till never does: event staff only, and serialised
            # with other sales of the same events.
            if not self._coop_is_event_staff():
                raise AccessError(
                    self.env._("Only event staff confirm a cancelled or unconfirmed registration.")
                )
            self._coop_lock_seats(self.event_id, self.event_ticket_id)
        if vals.get("state") in ("open", "done", "cancel"):
            # A seat is held only while it waits for its payment.
            vals = dict(vals, coop_hold_until=False)
        return super().write(vals)

    @api.constrains("state", "event_id", "event_ticket_id", "coop_hold_until")
    def _check_seats_availability(self):
        """Odoo's check of the events' and tickets' capacity, for held seats too; never for
        the tickets of a till's paid orders, which are recorded and flagged instead."""
        if self.env["pos.order"]._coop_in_till_sync():
            self = self.filtered(lambda r: not r.pos_order_line_id)  # noqa: PLW0642
        res = super()._check_seats_availability()
        held = self.filtered(lambda r: r.state == "draft" and r.coop_hold_until)
        held.event_id._check_seats_availability()
        held.event_ticket_id._check_seats_availability()
        return res

    @api.model
    def _load_pos_data_fields(self, config_id):
        return [*super()._load_pos_data_fields(config_id), "partner_id"]

    def _coop_is_event_staff(self):
        return self.env.su or self.env.user.has_group("event.group_event_registration_desk")

    @api.model
    def _coop_check_till_registrations(self, vals_list):
        """Odoo's till lets every cashier create registrations; without an event right, a
        cashier only registers the attendees of a ticket line the till sells, never more
        than its quantity: no free ticket through the back door."""
        if self._coop_is_event_staff():
            return
        wanted = {}
        for vals in vals_list:
            line = self.env["pos.order.line"].browse(vals.get("pos_order_line_id"))
            if not line or line.event_ticket_id.id != vals.get("event_ticket_id"):
                raise AccessError(
                    self.env._("Tickets are sold at the till: registrations come with the order.")
                )
            wanted[line] = wanted.get(line, 0) + 1
        for line, count in wanted.items():
            if len(line.event_registration_ids) + count > line.qty:
                raise AccessError(
                    self.env._(
                        "%(line)s sells %(qty)s ticket(s): no more attendees can be added to it.",
                        line=line.display_name,
                        qty=int(line.qty),
                    )
                )

    def _coop_check_system_fields(self, vals):
        if not self.env.su and COOP_SYSTEM_FIELDS & set(vals):
            raise AccessError(
                self.env._(
                    "The invoice and the hold of a ticket are set by the ticket sale and its "
                    "payment only."
                )
            )

    # ------------------------------------------------------------ seats

    @api.model
    def _coop_takes_seat(self, vals):
        return vals.get("state", "open") in ("open", "done") or (
            vals.get("state") == "draft" and vals.get("coop_hold_until")
        )

    @api.model
    def _coop_lock_seats(self, events, tickets):
        """Serialise the sales of the last seats of these events and tickets.

        Touching the rows (not only locking them) matters: under Odoo's REPEATABLE READ a
        concurrent sale then waits for the first one and fails with a serialization error
        instead of counting seats in its stale snapshot; Odoo replays it on fresh data,
        where it meets "only N left". Events and tickets without a limit are not locked.
        """
        for records in (
            events.filtered(lambda e: e.seats_limited and e.seats_max).sorted("id"),
            tickets.filtered("seats_max").sorted("id"),
        ):
            if records:
                self.env.cr.execute(
                    SQL(
                        "UPDATE %s SET write_date = write_date WHERE id IN %s",
                        SQL.identifier(records._table),
                        tuple(records.ids),
                    )
                )
                records.invalidate_recordset()

    @api.model
    def _coop_check_seats_left(self, vals_list):
        """Refuse seats beyond an event's or a ticket's limit, naming what is left.

        The events and tickets are locked first; Odoo's own capacity check decides.
        """
        wanted = {}
        for vals in vals_list:
            if self._coop_takes_seat(vals):
                for model, key in (
                    ("event.event", "event_id"),
                    ("event.event.ticket", "event_ticket_id"),
                ):
                    if vals.get(key):
                        record = self.env[model].browse(vals[key])
                        wanted[record] = wanted.get(record, 0) + 1
        if not wanted:
            return
        events = self.env["event.event"].union(*(r for r in wanted if r._name == "event.event"))
        tickets = self.env["event.event.ticket"].union(
            *(r for r in wanted if r._name == "event.event.ticket")
        )
        self._coop_lock_seats(events, tickets)
        for record, count in wanted.items():
            try:
                record._check_seats_availability(minimal_availability=count)
            except ValidationError:
                raise ValidationError(
                    self.env._(
                        "Only %(left)s seats are left for %(what)s: %(count)s asked.",
                        left=max(record.seats_available, 0),
                        what=record.display_name,
                        count=count,
                    )
                ) from None

    @api.model
    def _coop_held_counts(self, field_name, records):
        """Seats held for unpaid portal purchases, per event or per ticket id."""
        if not records.ids:
            return {}
        groups = (
            self.sudo()
            .with_context(active_test=True)
            ._read_group(
                [
                    (field_name, "in", records.ids),
                    ("state", "=", "draft"),
                    ("coop_hold_until", "!=", False),
                ],
                [field_name],
                ["__count"],
            )
        )
        return {record.id: count for record, count in groups}

    # ------------------------------------------------------------ member price

    @api.model
    def _coop_member_price_problem(self, ticket, partner):
        """Why `partner` may not have `ticket` at the member price, or False."""
        if not ticket.coop_members_only:
            return False
        if not partner:
            return self.env._(
                "%s is at the member price: choose the member buying it.", ticket.name
            )
        if not partner._coop_can_shop():
            return self.env._(
                "%(name)s may not shop (%(why)s), so pays the public price, not %(ticket)s.",
                name=partner.name,
                why=partner._coop_status_reason(),
                ticket=ticket.name,
            )
        return False

    @api.model
    def _coop_check_member_price(self, ticket, partner):
        problem = self._coop_member_price_problem(ticket, partner)
        if problem:
            raise ValidationError(problem)

    # ------------------------------------------------------------ held seats

    def _coop_hold_until_text(self):
        """When the hold ends, in the shop's time zone and the reader's language."""
        self.ensure_one()
        company = self.event_id.company_id or self.env.company
        return company._coop_format_moment(self.coop_hold_until)

    def _coop_confirm_paid(self):
        """The invoice of these held seats is paid: they become tickets (mails and all)."""
        registrations = self.sudo().filtered(lambda r: r.state == "draft" and r.coop_hold_until)
        if not registrations:
            return
        registrations.write({"state": "open", "coop_hold_until": False})
        for invoice in registrations.coop_invoice_id:
            invoice.message_post(
                body=self.env._(
                    "Paid: %s ticket(s) confirmed.",
                    len(registrations.filtered(lambda r, i=invoice: r.coop_invoice_id == i)),
                )
            )

    @api.model
    def _coop_expired_holds(self, events=None):
        """Held seats whose time is over and whose invoice has received nothing."""
        domain = [
            ("state", "=", "draft"),
            ("coop_hold_until", "<=", fields.Datetime.now()),
            ("coop_invoice_id.payment_state", "=", "not_paid"),
            ("coop_invoice_id.state", "=", "posted"),
        ]
        if events is not None:
            domain.append(("event_id", "in", events.ids))
        expired = self.sudo().search(domain, order="coop_hold_until, id")
        # A member on the payment provider's page at the deadline still gets their seats.
        return expired.filtered(
            lambda r: (
                not r.coop_invoice_id.transaction_ids.filtered(
                    lambda tx: tx.state in ("pending", "authorized")
                )
            )
        )

    def _coop_release_unpaid(self):
        """Put these held seats back on sale and cancel their unpaid invoices.

        An invoice that received any payment meanwhile is left alone, and so are its seats:
        a payment is never undone here.
        """
        registrations = self.sudo()
        released = registrations.browse()
        # Logged by the system, not by the buyer whose purchase released them.
        system = self.env.ref("base.partner_root")
        for invoice in registrations.coop_invoice_id.sorted("id"):
            # Serialise with a payment arriving at the same moment, then read it afresh.
            invoice.flush_recordset()
            self.env.cr.execute(
                "UPDATE account_move SET write_date = write_date WHERE id = %s", [invoice.id]
            )
            invoice.invalidate_recordset()
            if invoice.state != "posted" or invoice._coop_paid_amount():
                continue
            seats = registrations.filtered(
                lambda r, i=invoice: (
                    r.coop_invoice_id == i and r.state == "draft" and r.coop_hold_until
                )
            )
            if not seats:
                continue
            deadline = seats[0]._coop_hold_until_text()
            seats.write({"state": "cancel"})
            if invoice.show_reset_to_draft_button:
                invoice.button_cancel()
            else:
                # A journal that forbids changing posted entries: a credit note cancels it.
                invoice._reverse_moves(
                    [{"ref": self.env._("Ticket seats released: not paid in time")}], cancel=True
                )
            invoice.message_post(
                body=self.env._(
                    "Not paid by %(deadline)s: the %(count)s seat(s) held for this invoice went "
                    "back on sale and the invoice was cancelled.",
                    deadline=deadline,
                    count=len(seats),
                ),
                author_id=system.id,
            )
            for seat in seats:
                seat.message_post(
                    body=self.env._(
                        "Seat released: %(invoice)s was not paid by %(deadline)s.",
                        invoice=invoice.name,
                        deadline=deadline,
                    ),
                    author_id=system.id,
                )
            released |= seats
        return released

    @api.model
    def _cron_release_unpaid_holds(self, batch_size=50):
        """Release the held seats whose invoice is still unpaid at the end of the hold."""
        expired = self._coop_expired_holds()
        invoices = expired.coop_invoice_id.sorted("id")
        batch = invoices[:batch_size]
        expired.filtered(lambda r: r.coop_invoice_id in batch)._coop_release_unpaid()
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=len(invoices) - len(batch))
