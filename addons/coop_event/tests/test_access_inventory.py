"""Who may call or write what that coop_event adds: every public method and every field it
defines, tried by a portal member, a cashier, event staff and an event administrator on
things that are not theirs. A new public method, field or route without an entry here
fails the test."""

import inspect
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from odoo.addons.coop_event import controllers as coop_event_controllers
from odoo.addons.coop_event import models as coop_event_models
from odoo.addons.coop_membership.tests.common import portal_user
from odoo.addons.coop_membership.tests.inventory import (
    DENIED,
    OK,
    REFUSED,
    AccessInventoryMixin,
    addon_classes,
)

from .common import CoopEventCase

ROLES = ("portal", "cashier", "event_user", "event_admin")


def everyone(outcome):
    return dict.fromkeys(ROLES, outcome)


def staff_only(staff=OK):
    return {"portal": DENIED, "cashier": DENIED, "event_user": staff, "event_admin": OK}


# (model, method or field) -> {what is tried: {role: outcome}}. Each "what" is a method of
# TestAccessInventory named _try_<what>, run as the role's user.
INVENTORY = {
    ("event.event", "create"): {"event_with_venue_terms": staff_only(staff=DENIED)},
    ("event.event", "write"): {"venue_share": staff_only(staff=DENIED)},
    ("event.event", "action_coop_send_attendee_list"): {"send_attendee_list": staff_only()},
    ("event.event", "coop_venue_id"): {"other_venue": staff_only(staff=DENIED)},
    ("event.event", "coop_venue_share_percent"): {"venue_share": staff_only(staff=DENIED)},
    ("event.event", "coop_sold_in_portal"): {"sell_in_portal": staff_only()},
    ("event.event.ticket", "coop_members_only"): {"member_price": staff_only()},
    ("event.registration", "create"): {
        "registration_outside_the_till": staff_only(),
        "registration_with_a_hold": everyone(DENIED),
    },
    ("event.registration", "write"): {
        "confirm_held_seat": {
            "portal": DENIED,
            "cashier": REFUSED,
            "event_user": REFUSED,
            "event_admin": REFUSED,
        },
        "reopen_cancelled_ticket": staff_only(),
    },
    ("event.registration", "coop_invoice_id"): {"move_seat_to_other_invoice": everyone(DENIED)},
    ("event.registration", "coop_hold_until"): {"extend_hold": everyone(DENIED)},
    ("account.move", "write"): {"link_payment_to_ticket_invoice": everyone(DENIED)},
    ("account.payment", "write"): {"validate_payment_of_ticket_invoice": everyone(DENIED)},
    ("coop.consignment.statement", "settlement_type"): {"statement_type": everyone(DENIED)},
    ("res.company", "coop_ticket_hold_minutes"): {"hold_time": everyone(DENIED)},
    ("res.config.settings", "coop_ticket_hold_minutes"): {"hold_time_setting": everyone(DENIED)},
}

# Each portal route, and the test in which another member tries it.
ROUTES = {
    "/my/tickets": "test_portal_tickets.TestPortalTickets.test_nobody_downloads_another_persons_ticket",
    "/my/tickets/buy": "test_portal_tickets.TestPortalTickets.test_nobody_buys_in_another_persons_name",
    "/my/tickets/<int:registration_id>/ticket.pdf": (
        "test_portal_tickets.TestPortalTickets.test_nobody_downloads_another_persons_ticket"
    ),
}


def public_methods_and_fields():
    """What coop_event adds that can be called or written from outside: public methods,
    and fields that are not computed only."""
    found = set()
    for cls in addon_classes(coop_event_models):
        model = cls._name or cls._inherit
        for name, value in vars(cls).items():
            if isinstance(value, fields.Field):
                if value.compute and not value.inverse and not value.related:
                    continue
                found.add((model, name))
            elif (
                inspect.isfunction(value) or isinstance(value, classmethod | staticmethod)
            ) and not (name.startswith("_") or name == "init"):
                found.add((model, name))
    return found


@tagged("post_install", "-at_install")
class TestAccessInventory(AccessInventoryMixin, CoopEventCase):
    ADDON = "coop_event"
    ROLES = ROLES
    INVENTORY = INVENTORY
    ROUTES = ROUTES
    CONTROLLERS = coop_event_controllers
    _public_methods_and_fields = staticmethod(public_methods_and_fields)

    def test_every_public_method_and_field_has_an_entry(self):
        self._check_every_public_method_and_field_has_an_entry()

    def test_every_route_has_an_ownership_test(self):
        self._check_every_route_has_an_ownership_test()

    def test_who_may_call_or_write_what(self):
        self._check_who_may_call_or_write_what()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            "portal": portal_user(cls.env, "inventory_member_b", cls.outsider),
            "cashier": new_test_user(
                cls.env,
                login="inventory_cashier",
                groups="base.group_user,point_of_sale.group_pos_user",
            ),
            "event_user": new_test_user(
                cls.env,
                login="inventory_event_user",
                groups="base.group_user,event.group_event_user",
            ),
            "event_admin": new_test_user(
                cls.env,
                login="inventory_event_admin",
                groups="base.group_user,event.group_event_manager",
            ),
        }
        # Member A's things: a seat held for an unpaid invoice, a cancelled ticket, and a
        # payment waiting to be posted against that invoice.
        cls.invoice_a = cls.public_ticket._coop_sell_in_portal(cls.member, 1)
        cls.held_a = cls._held(cls.invoice_a)
        cls.cancelled_a = cls._register(cls.public_ticket, cls.member)
        cls.cancelled_a.action_cancel()
        cls.payment_a = cls.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": cls.member.id,
                "amount": cls.invoice_a.amount_total,
                "journal_id": cls.bank_journal.id,
            }
        )
        cls.statement = cls.env["coop.consignment.statement"].create(
            {
                "partner_id": cls.venue.id,
                "company_id": cls.env.company.id,
                "date_from": fields.Date.today().replace(day=1),
                "date_to": fields.Date.today(),
                "settlement_type": "tickets",
            }
        )

    # ------------------------------------------------------------ the tries

    def _concert(self, env):
        return env["event.event"].browse(self.concert.id)

    def _try_event_with_venue_terms(self, env):
        now = fields.Datetime.now()
        env["event.event"].create(
            {
                "name": "Inventory Gig",
                "date_begin": now + timedelta(days=3),
                "date_end": now + timedelta(days=3, hours=2),
                "coop_venue_id": self.venue.id,
                "coop_venue_share_percent": 90,
            }
        )

    def _try_venue_share(self, env):
        self._concert(env).coop_venue_share_percent = 100

    def _try_other_venue(self, env):
        self._concert(env).coop_venue_id = self.member

    def _try_sell_in_portal(self, env):
        self._concert(env).coop_sold_in_portal = False

    def _try_send_attendee_list(self, env):
        self._concert(env).action_coop_send_attendee_list()

    def _try_member_price(self, env):
        env["event.event.ticket"].browse(self.public_ticket.id).coop_members_only = True

    def _try_registration_outside_the_till(self, env):
        env["event.registration"].create(
            {
                "event_id": self.concert.id,
                "event_ticket_id": self.public_ticket.id,
                "partner_id": self.member.id,
                "name": "Free Rider",
            }
        )

    def _try_registration_with_a_hold(self, env):
        env["event.registration"].create(
            {
                "event_id": self.concert.id,
                "event_ticket_id": self.public_ticket.id,
                "partner_id": self.member.id,
                "state": "draft",
                "coop_hold_until": fields.Datetime.now() + timedelta(days=30),
            }
        )

    def _try_confirm_held_seat(self, env):
        env["event.registration"].browse(self.held_a.id).action_confirm()

    def _try_reopen_cancelled_ticket(self, env):
        env["event.registration"].browse(self.cancelled_a.id).action_confirm()

    def _try_move_seat_to_other_invoice(self, env):
        env["event.registration"].browse(self.held_a.id).coop_invoice_id = False

    def _try_extend_hold(self, env):
        env["event.registration"].browse(self.held_a.id).coop_hold_until = (
            fields.Datetime.now() + timedelta(days=30)
        )

    def _try_link_payment_to_ticket_invoice(self, env):
        env["account.move"].browse(self.invoice_a.id).matched_payment_ids = [
            Command.link(self.payment_a.id)
        ]

    def _try_validate_payment_of_ticket_invoice(self, env):
        payment = env["account.payment"].browse(self.payment_a.id)
        payment.write({"invoice_ids": [Command.link(self.invoice_a.id)], "state": "paid"})

    def _try_statement_type(self, env):
        env["coop.consignment.statement"].browse(self.statement.id).settlement_type = "tickets"

    def _try_hold_time(self, env):
        env["res.company"].browse(self.env.company.id).coop_ticket_hold_minutes = 600

    def _try_hold_time_setting(self, env):
        env["res.config.settings"].create({"coop_ticket_hold_minutes": 600}).execute()
