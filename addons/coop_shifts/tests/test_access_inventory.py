"""The access inventory of coop_shifts: who may call each public method, write each shift
field on contacts, and read, write, create or delete each model.

The tables below are the inventory. A public method, a res.partner field or a model added
to coop_shifts without its line here makes these tests fail, so the inventory stays true.
Calls are made as RPC makes them (the user's own environment, no superuser), on records
that are not the caller's: member B's, or a shift someone else leads.
"""

import inspect
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.models import regex_private
from odoo.tests import tagged

from .common import NOW, TODAY, CoopRolesCase

OK = "ok"
ATTACKERS = ("portal", "cashier", "leader", "membership")
ROLES = (*ATTACKERS, "office", "manager")


def refused(error, **exceptions):
    """Every attacker gets `error`, except the roles given with another outcome."""
    return {role: exceptions.get(role, error) for role in ATTACKERS}


# What each role may do with each model: r(ead), w(rite), c(reate), u(nlink).
MODEL_ACCESS = {
    "coop.shift.type": ("r", "r", "r", "r", "r", "rwcu"),
    "coop.shift.template": ("r", "r", "r", "r", "r", "rwcu"),
    "coop.shift.template.seat": ("r", "r", "r", "r", "r", "rwcu"),
    # Leaders read shifts and registrations; they mark through the door sheet's methods.
    "coop.shift": ("r", "r", "r", "r", "rwc", "rwcu"),
    "coop.shift.registration": ("r", "r", "r", "r", "rwc", "rwcu"),
    # The ledger is never edited; only a manager adds corrections by hand.
    "coop.shift.counter.event": ("r", "r", "r", "r", "r", "rc"),
    # Health data: the members' office, and members their own (record rule).
    "coop.shift.leave": ("r", "", "", "", "rwc", "rwcu"),
    "coop.shift.extension": ("r", "r", "r", "r", "rwc", "rwcu"),
    "coop.shift.closure": ("r", "r", "r", "r", "r", "rwcu"),
    "coop.shift.team.membership": ("r", "r", "r", "r", "rwc", "rwcu"),
    "coop.shift.swap": ("r", "r", "r", "r", "rwc", "rwcu"),
    "coop.shift.change.team.wizard": ("", "", "", "", "rwcu", "rwcu"),
    # The member import (coop_membership's, with the shifts' columns): membership managers only.
    "coop.member.import": ("", "", "", "", "", ""),
    "coop.shift.extension.wizard": ("", "", "", "", "rwcu", "rwcu"),
    "coop.shift.template.bulk.wizard": ("", "", "", "", "", "rwcu"),
    # The values of a member's page: no records, only private methods the portal calls.
    "coop.shift.portal": ("", "", "", "", "", ""),
}
OPERATIONS = {"r": "read", "w": "write", "c": "create", "u": "unlink"}

# Who may write each shift field of a contact. Office fields decide what a member owes;
# system fields follow from the ledger, the leaves and the status, and nobody writes them.
OFFICE_FIELD = {**refused(AccessError), "office": OK, "manager": OK}
SYSTEM_FIELD = {role: AccessError for role in ROLES}
PARTNER_FIELDS = {
    "coop_shift_mode": OFFICE_FIELD,
    "coop_shift_unsubscribed": OFFICE_FIELD,
    "coop_shift_membership_ids": OFFICE_FIELD,
    "coop_shift_registration_ids": OFFICE_FIELD,
    "coop_shift_leave_ids": OFFICE_FIELD,
    "coop_shift_extension_ids": OFFICE_FIELD,
    "coop_shift_event_ids": SYSTEM_FIELD,
    "coop_shift_standard_points": SYSTEM_FIELD,
    "coop_shift_flying_points": SYSTEM_FIELD,
    "coop_shift_alert_since": SYSTEM_FIELD,
    "coop_shift_extension_until": SYSTEM_FIELD,
    "coop_shift_notified_status": SYSTEM_FIELD,
    "coop_shift_team_id": SYSTEM_FIELD,
    "coop_shift_leave_id": SYSTEM_FIELD,
    "coop_shift_status": SYSTEM_FIELD,
    "coop_shift_alert_end": SYSTEM_FIELD,
    "coop_status": SYSTEM_FIELD,
}


@tagged("post_install", "-at_install")
class TestAccessInventory(CoopRolesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Member C has no team yet: the office may give them one by writing the contact.
        cls.member_c = cls._member("Role Member C")
        cls.other_team = cls._template(week_index=2, weekday="1")
        wizard_context = {"active_model": "res.partner", "active_id": cls.member_b.id}
        cls.change_team = (
            cls.env["coop.shift.change.team.wizard"]
            .with_context(**wizard_context)
            .create({"template_id": cls.other_team.id, "date": TODAY + timedelta(days=7)})
        )
        cls.extension = (
            cls.env["coop.shift.extension.wizard"]
            .with_context(**wizard_context)
            .create({"date_end": TODAY + timedelta(days=20), "reason": "Moving house"})
        )
        cls.bulk = cls.env["coop.shift.template.bulk.wizard"].create(
            {"template_ids": [Command.set(cls.team.ids)], "change_seats": True, "seats": 20}
        )

    # ------------------------------------------------------------ the tables

    def _method_table(self):
        """(model, method) -> (call in an environment, outcome per attacker)."""
        b = self.member_b.id
        shift = self.foreign_shift.id
        registration = self.foreign_registration.id
        sheet = {"coop_sheet_scan": ("x",), "coop_sheet_mark": (registration, "attended")}
        table = {
            ("res.partner", "action_coop_shift_take_grace"): (
                lambda env: env["res.partner"].browse(b).action_coop_shift_take_grace(),
                refused(AccessError),
            ),
            ("coop.shift", "action_validate_sheet"): (
                lambda env: env["coop.shift"].browse(shift).action_validate_sheet(),
                refused(AccessError),
            ),
            ("coop.shift", "coop_sheet_shifts"): (
                lambda env: env["coop.shift"].coop_sheet_shifts(),
                refused(AccessError, leader=OK),
            ),
            ("coop.shift.registration", "create"): (
                lambda env: env["coop.shift.registration"].create(
                    {"shift_id": self.led_shift.id, "partner_id": b}
                ),
                refused(AccessError),
            ),
            ("coop.shift.registration", "action_cancel_booking"): (
                lambda env: (
                    env["coop.shift.registration"].browse(self.makeup.id).action_cancel_booking()
                ),
                refused(AccessError),
            ),
            ("coop.shift.counter.event", "create"): (
                lambda env: env["coop.shift.counter.event"].create(
                    {"partner_id": b, "points": 10, "note": "Back in good standing"}
                ),
                refused(AccessError),
            ),
            ("coop.shift.counter.event", "write"): (
                lambda env: (
                    env["coop.shift.counter.event"]
                    .browse(self.member_b.coop_shift_event_ids[:1].id)
                    .write({"points": 10})
                ),
                refused(UserError),
            ),
            ("coop.shift.closure", "create"): (
                lambda env: env["coop.shift.closure"].create(
                    {"name": "Closed", "date_start": TODAY, "date_end": TODAY}
                ),
                refused(AccessError),
            ),
            ("coop.shift.swap", "action_cancel"): (
                lambda env: env["coop.shift.swap"].browse(self.offer.id).action_cancel(),
                refused(AccessError),
            ),
            ("coop.shift.team.membership", "create"): (
                lambda env: env["coop.shift.team.membership"].create(
                    {"partner_id": self.member_c.id, "template_id": self.team.id}
                ),
                refused(AccessError),
            ),
            ("coop.shift.team.membership", "write"): (
                lambda env: (
                    env["coop.shift.team.membership"]
                    .browse(self.member_b.coop_shift_membership_ids.id)
                    .write({"date_end": TODAY})
                ),
                refused(AccessError),
            ),
            ("coop.shift.template", "action_generate_shifts"): (
                lambda env: (
                    env["coop.shift.template"].browse(self.team.id).action_generate_shifts()
                ),
                refused(AccessError),
            ),
        }
        for method in (
            "coop_sheet_data",
            "coop_sheet_scan",
            "coop_sheet_mark",
            "coop_sheet_add_walk_in",
            "coop_sheet_search_members",
            "coop_sheet_mark_rest",
            "coop_sheet_validate",
        ):
            args = sheet.get(method) or {
                "coop_sheet_add_walk_in": (self.member_a.id,),
                "coop_sheet_search_members": ("Role",),
                "coop_sheet_mark_rest": ("absent",),
            }.get(method, ())
            table["coop.shift", method] = (
                lambda env, method=method, args=args: getattr(
                    env["coop.shift"].browse(shift), method
                )(*args),
                refused(AccessError),
            )
        for method in ("action_attend", "action_absent", "action_excuse"):
            table["coop.shift.registration", method] = (
                lambda env, method=method: getattr(
                    env["coop.shift.registration"].browse(registration), method
                )(),
                refused(AccessError),
            )
        for method in ("action_submit", "action_approve", "action_refuse", "action_cancel"):
            table["coop.shift.leave", method] = (
                lambda env, method=method: getattr(
                    env["coop.shift.leave"].browse(self.sick_leave.id), method
                )(),
                refused(AccessError),
            )
        for model, wizard in (
            ("coop.shift.change.team.wizard", self.change_team),
            ("coop.shift.extension.wizard", self.extension),
            ("coop.shift.template.bulk.wizard", self.bulk),
        ):
            table[model, "action_apply"] = (
                lambda env, model=model, wizard=wizard: env[model].browse(wizard.id).action_apply(),
                refused(AccessError),
            )
        return table

    def _field_samples(self):
        """A value each role tries to write on member C."""
        return {
            "coop_shift_mode": "exempt",
            "coop_shift_unsubscribed": True,
            "coop_shift_membership_ids": [
                Command.create({"template_id": self.team.id, "date_start": TODAY})
            ],
            "coop_shift_registration_ids": [Command.create({"shift_id": self.led_shift.id})],
            "coop_shift_leave_ids": [
                Command.create(
                    {"date_start": TODAY + timedelta(days=90), "date_end": TODAY + timedelta(99)}
                )
            ],
            "coop_shift_extension_ids": [
                Command.create({"date_end": TODAY + timedelta(days=9), "reason": "Asked"})
            ],
            "coop_shift_event_ids": [Command.create({"points": 10, "note": "Gift"})],
            "coop_shift_standard_points": 10,
            "coop_shift_flying_points": 10,
            "coop_shift_alert_since": TODAY,
            "coop_shift_extension_until": TODAY + timedelta(days=300),
            "coop_shift_notified_status": "up_to_date",
            "coop_shift_team_id": self.team.id,
            "coop_shift_leave_id": self.sick_leave.id,
            "coop_shift_status": "exempted",
            "coop_shift_alert_end": TODAY + timedelta(days=300),
            "coop_status": "member",
        }

    # ------------------------------------------------------------ helpers

    def _discovered_methods(self):
        """Public methods that coop_shifts' own classes define, per model."""
        found = set()
        for name in self.env.registry:
            for klass in type(self.env[name]).__mro__:
                if not klass.__module__.startswith("odoo.addons.coop_shifts."):
                    continue
                for attr, value in vars(klass).items():
                    if inspect.isfunction(value) and not regex_private.match(attr):
                        found.add((name, attr))
        return found

    def _result_of(self, call):
        """OK, or the class of the error `call` raised; whatever it did is rolled back."""
        outcome = OK
        try:
            with self.env.cr.savepoint():
                try:
                    with freeze_time(NOW):
                        call()
                        self.env.flush_all()
                except (AccessError, UserError) as error:
                    outcome = type(error)
                raise _RolledBack
        except _RolledBack:
            pass
        self.env.invalidate_all()
        return outcome

    # ------------------------------------------------------------ methods

    def test_every_public_method_is_in_the_inventory(self):
        listed = set(self._method_table())
        discovered = self._discovered_methods()
        self.assertFalse(
            discovered - listed,
            "public methods with no line in the access inventory: say who may call them",
        )
        self.assertFalse(listed - discovered, "inventory lines for methods that are gone")

    def test_who_may_call_each_public_method(self):
        for (model, method), (call, expected) in sorted(self._method_table().items()):
            for role in ATTACKERS:
                with self.subTest(model=model, method=method, role=role):
                    outcome = self._result_of(lambda call=call, role=role: call(self.as_role(role)))
                    self.assertEqual(outcome, expected[role])

    # ------------------------------------------------------------ fields on contacts

    def test_every_shift_field_on_contacts_is_in_the_inventory(self):
        fields = self.env["ir.model.fields"].search([("model", "=", "res.partner")])
        ours = {f.name for f in fields if "coop_shifts" in (f.modules or "").split(", ")}
        self.assertEqual(ours, set(PARTNER_FIELDS), "say who may write each shift field")
        self.assertEqual(set(self._field_samples()), set(PARTNER_FIELDS))

    def test_who_may_write_each_shift_field_on_contacts(self):
        samples = self._field_samples()
        for name, expected in PARTNER_FIELDS.items():
            before = self.member_c[name]
            for role in ROLES:
                with self.subTest(field=name, role=role):
                    partner = self.member_c.with_env(self.as_role(role))
                    values = {name: samples[name]}
                    outcome = self._result_of(lambda p=partner, v=values: p.write(v))
                    self.assertEqual(outcome, expected[role])
                    self.assertEqual(self.member_c[name], before, "nothing stays written")
            if expected["office"] == OK:
                # The office's write really lands (then it is rolled back like the others).
                def office_writes(name=name, before=before):
                    self.member_c.with_env(self.as_role("office")).write({name: samples[name]})
                    self.env.invalidate_all()
                    self.assertNotEqual(self.member_c[name], before, name)

                self.assertEqual(self._result_of(office_writes), OK)

    def test_a_new_contact_comes_with_the_defaults_only(self):
        for role in ("cashier", "leader", "membership"):
            with self.subTest(role=role):
                Partner = self.as_role(role)["res.partner"]
                contact = Partner.create({"name": f"Walk-in of {role}", "coop_shift_mode": "team"})
                self.assertEqual(contact.coop_shift_mode, "team")
                for values, context in (
                    ({"coop_shift_mode": "flying"}, {}),
                    ({"coop_shift_unsubscribed": True}, {}),
                    ({}, {"default_coop_shift_mode": "exempt"}),
                ):
                    with self.assertRaises(AccessError):
                        Partner.with_context(**context).create({"name": "Sneaky", **values})
        office = self.as_role("office")["res.partner"]
        self.assertEqual(
            office.create({"name": "Exempt", "coop_shift_mode": "exempt"}).coop_shift_mode,
            "exempt",
        )

    # ------------------------------------------------------------ models

    def test_every_model_is_in_the_access_table(self):
        created = self.env["ir.model.data"].search(
            [("module", "=", "coop_shifts"), ("model", "=", "ir.model")]
        )
        ours = {
            model.model
            for model in self.env["ir.model"].browse(created.mapped("res_id"))
            if model.model.startswith("coop.")
        }
        self.assertEqual(ours, set(MODEL_ACCESS))

    def test_who_may_read_write_create_delete_each_model(self):
        for model, rights in MODEL_ACCESS.items():
            for role, allowed in zip(ROLES, rights, strict=True):
                for letter, operation in OPERATIONS.items():
                    with self.subTest(model=model, role=role, operation=operation):
                        records = self.as_role(role)[model]
                        self.assertEqual(records.has_access(operation), letter in allowed)


class _RolledBack(Exception):
    """Undoes what an allowed call did, so that every call starts from the same records."""
