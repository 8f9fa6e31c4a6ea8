"""The suite's access inventory: who may call each public method and write each co-op field.

Every public method our addons define or override on any model is listed below with the
roles that may call it; a method added without an entry fails the test, so the inventory
stays true. Each entry is then tried as each role, over the ORM as RPC would call it:
a role not listed must get an AccessError (never a UserError about the record's state,
which would mean the method ran its logic for someone not allowed to).
"""

import inspect
from contextlib import contextmanager

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.coop_membership.tests.common import (
    CoopMembershipCase,
    new_test_user,
    portal_user,
)

ROLES = ("portal", "cashier", "leader", "office")

# Methods every model has from the ORM; overriding them is not a new public method.
ORM_METHODS = {
    "create",
    "write",
    "unlink",
    "copy",
    "init",
    "read",
    "default_get",
    "name_search",
    "fields_get",
    "search",
    "web_read",
    "onchange",
}

# (model, method): roles that may call it. The addons covered here are in ADDONS.
# Roles: a portal member (portal), a POS-only cashier (cashier), a shift leader at the door
# (leader), the members' office (office: Membership: User).
INVENTORY = {
    # coop_membership
    ("account.move", "button_cancel"): set(),
    ("coop.member.register.wizard", "action_print"): {"office"},
    # Importing an existing co-op's members: managers only.
    ("coop.member.import", "action_preview"): set(),
    ("coop.member.import", "action_import"): set(),
    ("coop.member.import", "action_download_template"): set(),
    ("coop.sellback.request", "action_submit"): {"office"},
    ("coop.sellback.request", "action_approve"): set(),
    ("coop.sellback.request", "action_refuse"): set(),
    ("coop.sellback.request", "action_issue_refund"): set(),
    ("coop.sellback.request", "action_register_payment"): set(),
    ("coop.share.line", "action_reverse"): set(),
    ("coop.share.transfer.wizard", "action_confirm"): set(),
    # Publishing statutes or rules: managers only.
    ("coop.statutes.version", "action_publish"): set(),
    # Issuing, cancelling or paying a capital invoice also needs the Invoicing right.
    ("coop.subscription.request", "action_validate"): set(),
    ("coop.subscription.request", "action_cancel"): {"office"},
    ("coop.subscription.request", "action_reset_to_draft"): {"office"},
    ("coop.subscription.request", "action_register_payment"): set(),
    ("coop.subscription.request", "action_view_invoice"): {"office"},
    ("res.partner", "action_coop_view_capital_invoices"): {"office"},
    ("res.partner", "action_coop_view_share_lines"): {"office"},
    ("res.partner", "action_coop_view_subscriptions"): {"office"},
    # Erasing a former member's personal data: managers only.
    ("res.partner", "action_coop_erase_personal_data"): set(),
    # coop_membership_pos
    ("coop.pos.review.wizard", "action_confirm"): set(),
    ("pos.order", "action_coop_open_review"): set(),
    ("pos.order", "coop_check_sale"): {"cashier"},
    ("res.partner", "coop_pos_find_by_card"): {"cashier"},
    # coop_payout
    ("coop.consignment.statement", "action_compute"): set(),
    ("coop.consignment.statement", "action_post"): set(),
    ("coop.consignment.statement", "action_cancel"): set(),
    ("coop.consignment.statement", "action_send"): set(),
    ("coop.consignment.statement", "action_view_bill"): {"office"},
    # coop_culture
    ("coop.consignment.return.wizard", "action_return"): set(),
    ("res.partner", "action_coop_return_goods"): set(),
    ("res.partner", "action_coop_view_consigned_products"): {"office"},
    ("res.partner", "action_coop_view_statements"): {"office"},
    # coop_purchase
    ("coop.purchase.balance.wizard", "action_confirm"): set(),
    # Rewriting a supplier's price list: group-order and purchase managers only.
    ("coop.purchase.catalogue.import", "action_preview"): set(),
    ("coop.purchase.catalogue.import", "action_back"): set(),
    ("coop.purchase.catalogue.import", "action_apply"): set(),
    ("coop.purchase.member.order", "action_mark_collected"): set(),
    ("coop.purchase.member.order", "action_mark_not_collected"): set(),
    ("coop.purchase.reorder", "action_propose"): set(),
    ("coop.purchase.reorder", "action_create_purchase_order"): set(),
    # Core's, answered from the close's memo while a round closes: anyone may ask, as in core.
    ("decimal.precision", "precision_get"): {"portal", "cashier", "leader", "office"},
    ("coop.purchase.round", "action_open"): set(),
    ("coop.purchase.round", "action_cancel"): set(),
    ("coop.purchase.round", "action_load_catalogue"): set(),
    ("coop.purchase.round", "action_close"): set(),
    ("coop.purchase.round", "action_receive"): set(),
    ("coop.purchase.round", "action_settle"): set(),
    ("coop.purchase.round", "action_update_prices_from_bills"): set(),
    ("coop.purchase.round", "action_done"): set(),
    # Reading a round is open to staff: the lists and the matrix are views of it.
    ("coop.purchase.round", "action_view_purchases"): {"cashier", "leader", "office"},
    ("coop.purchase.round", "action_view_invoices"): {"cashier", "leader", "office"},
    ("coop.purchase.round", "action_download_matrix"): {"cashier", "leader", "office"},
    ("coop.purchase.round", "action_pickup_checklist"): {"cashier", "leader", "office"},
}
ADDONS = ("coop_membership", "coop_membership_pos", "coop_payout", "coop_culture", "coop_purchase")

# res.partner fields of the co-op: who may write them (besides the co-op's managers).
PARTNER_FIELDS = {
    # coop_membership
    "coop_blocked": set(),
    "coop_block_reason": set(),
    "coop_member_number": set(),
    "coop_household_head_id": {"office"},
    "coop_share_count": set(),
    "coop_capital_amount": set(),
    "coop_status_stored": set(),
    "coop_can_shop_stored": set(),
    "coop_is_working": set(),
    "coop_holder_may_shop": set(),
    "coop_member_since": set(),
    "coop_membership_state": set(),
    "coop_erased_date": set(),
    # coop_culture
    "coop_is_consignor": set(),
    "coop_commission_rate": set(),
}


def public_methods(env, addons):
    """{(model, method)} defined or overridden by `addons`, as RPC would reach them."""
    found = set()
    for model_name in env.registry:
        for klass in type(env[model_name]).__mro__:
            module = getattr(klass, "__module__", "") or ""
            parts = module.split(".")
            if len(parts) < 3 or parts[:2] != ["odoo", "addons"] or parts[2] not in addons:
                continue
            for name, value in vars(klass).items():
                if name.startswith("_") or name in ORM_METHODS:
                    continue
                if inspect.isfunction(value):
                    found.add((model_name, name))
    return found


@tagged("post_install", "-at_install")
class TestAccessInventory(CoopMembershipCase):
    # Odoo sets these for tests inside an addon; this one lives beside the addons.
    test_module = "coop_suite"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member = cls._member("Inventory Member", share_type=cls.share_b, quantity=2)
        cls.other = cls._member("Inventory Other", share_type=cls.share_b, quantity=1)
        cls.users = {
            "portal": portal_user(cls.env, "inventory_portal", cls.member),
            # What Odoo gives every internal user made in the UI: Contact Creation.
            "cashier": new_test_user(
                cls.env,
                login="inventory_cashier",
                groups="base.group_user,base.group_partner_manager,point_of_sale.group_pos_user",
            ),
            "office": new_test_user(
                cls.env,
                login="inventory_office",
                groups="base.group_partner_manager,coop_membership.group_coop_user",
            ),
        }
        leader_groups = "base.group_user,base.group_partner_manager"
        if cls.env.ref("coop_shifts.group_coop_shift_leader", raise_if_not_found=False):
            leader_groups += ",coop_shifts.group_coop_shift_leader"
        cls.users["leader"] = new_test_user(cls.env, login="inventory_leader", groups=leader_groups)
        cls.consignor = cls.env["res.partner"].create(
            {"name": "Inventory Artist", "coop_is_consignor": True, "coop_commission_rate": 20}
        )
        cls.supplier = cls.env["res.partner"].create({"name": "Inventory Wholesaler"})
        cls.config = cls.env["pos.config"].create({"name": "Inventory Till"})
        cls.product = cls.env["product.product"].create(
            {"name": "Inventory Loaf", "available_in_pos": True}
        )

    # ------------------------------------------------------------ records

    def _target(self, model, method, env):
        """A record (or the model, for @api.model methods) and the call's arguments."""
        Model = env[model]
        if model == "res.partner":
            if method == "coop_pos_find_by_card":
                return Model, (self.member.barcode, self.config.id)
            return Model.browse((self.consignor if "consign" in method else self.member).id), ()
        if model == "pos.order":
            if method == "coop_check_sale":
                return Model, (self.config.id, self.member.id, [[self.product.id, 1]])
            return Model.browse(self._pos_order().id), ()
        if model == "account.move":
            return Model.browse(self.member.coop_subscription_request_ids.move_id[:1].id), ()
        if model == "coop.subscription.request":
            request = self.Request.create(
                {"partner_id": self.other.id, "share_type_id": self.share_b.id, "quantity": 1}
            )
            return Model.browse(request.id), ()
        if model == "coop.sellback.request":
            request = self.env["coop.sellback.request"].create(
                {"partner_id": self.member.id, "share_type_id": self.share_b.id, "quantity": 1}
            )
            if method != "action_submit":
                request.action_submit()
            return Model.browse(request.id), ()
        if model == "coop.statutes.version":
            version = self.env[model].create(
                {"name": "Inventory Draft", "body": "<p>Draft statutes</p>"}
            )
            return Model.browse(version.id), ()
        if model == "coop.share.line":
            return Model.browse(self.member.coop_share_line_ids[:1].id), ()
        if model == "coop.consignment.statement":
            today = fields.Date.today()
            statement = self.env[model].create(
                {"partner_id": self.consignor.id, "date_from": today, "date_to": today}
            )
            return Model.browse(statement.id), ()
        if model == "decimal.precision":
            return Model, ("Product Price",)
        if model == "coop.purchase.round":
            round_ = self._round()
            return Model.browse(round_.id), ()
        if model == "coop.purchase.member.order":
            order = self.env[model].create(
                {"round_id": self._round().id, "partner_id": self.member.id}
            )
            return Model.browse(order.id), ()
        # Wizards: made by the user who runs them, as in the web client.
        return Model.create(self._wizard_values(model)), ()

    def _wizard_values(self, model):
        return {
            "coop.member.register.wizard": {},
            "coop.member.import": {},
            "coop.pos.review.wizard": {
                "order_ids": [Command.set(self._pos_order().ids)],
                "note": "Looked at it",
            },
            "coop.share.transfer.wizard": {
                "partner_id": self.member.id,
                "share_type_id": self.share_b.id,
                "quantity": 1,
                "recipient_id": self.other.id,
            },
            "coop.consignment.return.wizard": {"partner_id": self.consignor.id},
            "coop.purchase.reorder": {"supplier_id": self.supplier.id},
            "coop.purchase.catalogue.import": {"supplier_id": self.supplier.id},
            "coop.purchase.balance.wizard": {"partner_id": self.member.id, "amount": 5.0},
        }[model]

    def _pos_order(self):
        if not self.config.current_session_id:
            self.config.open_ui()
        return self.env["pos.order"].create(
            {
                "session_id": self.config.current_session_id.id,
                "partner_id": self.member.id,
                "amount_tax": 0,
                "amount_total": 0,
                "amount_paid": 0,
                "amount_return": 0,
            }
        )

    def _round(self):
        return self.env["coop.purchase.round"].create(
            {
                "name": "Inventory Round",
                "supplier_ids": [Command.set(self.supplier.ids)],
                "date_close": fields.Datetime.add(fields.Datetime.now(), days=3),
            }
        )

    @contextmanager
    def _as(self, role):
        """The role's environment; whatever the call wrote is rolled back after."""
        try:
            with self.env.cr.savepoint() as savepoint:
                yield self.env(user=self.users[role])
                self.env.flush_all()
                savepoint.rollback()
        finally:
            self.env.invalidate_all()

    # ------------------------------------------------------------ the inventory

    def test_inventory_lists_every_public_method(self):
        found = public_methods(self.env, ADDONS)
        listed = {key for key in INVENTORY if key[0] in self.env}
        self.assertFalse(
            found - listed, "public methods with no entry in the access inventory: add them"
        )
        self.assertFalse(listed - found, "entries for methods that no longer exist")

    def test_each_role_calls_only_what_the_inventory_allows(self):
        for (model, method), allowed in sorted(INVENTORY.items()):
            if model not in self.env:
                continue
            for role in ROLES:
                with self.subTest(model=model, method=method, role=role), self._as(role) as env:
                    if role in allowed:
                        self._assert_may_call(env, model, method)
                    else:
                        self._assert_may_not_call(env, model, method)

    def _call(self, env, model, method):
        target, args = self._target(model, method, env)
        # As over RPC: nothing the setup read is in the cache to skip the access checks.
        env.flush_all()
        env.invalidate_all()
        return getattr(target, method)(*args)

    def _assert_may_call(self, env, model, method):
        try:
            self._call(env, model, method)
        except AccessError as error:
            self.fail(f"{env.user.login} was refused {model}.{method}: {error}")
        except (UserError, ValidationError):
            # A state the record is not in: the user got past every access check.
            return

    def _assert_may_not_call(self, env, model, method):
        with self.assertRaises(AccessError, msg=f"{env.user.login} may call {model}.{method}"):
            self._call(env, model, method)

    def test_inventory_lists_every_guarded_partner_field(self):
        Partner = self.env["res.partner"]
        # Shifts keep their own inventory (addons/coop_shifts/tests/test_access_inventory.py).
        guarded = {
            name
            for name in Partner._coop_guarded_fields()
            if Partner._fields[name]._module in ADDONS
        }
        listed = {name for name in PARTNER_FIELDS if name in Partner._fields}
        self.assertFalse(guarded - listed, "guarded fields missing from the inventory")

    def test_each_role_writes_only_the_partner_fields_it_may(self):
        Partner = self.env["res.partner"]
        samples = {
            "coop_blocked": True,
            "coop_block_reason": "Tried over RPC",
            "coop_member_number": "99999",
            "coop_household_head_id": self.other.id,
            "coop_share_count": 100,
            "coop_capital_amount": 1000.0,
            "coop_status_stored": "member",
            "coop_can_shop_stored": True,
            "coop_is_working": True,
            "coop_holder_may_shop": True,
            "coop_member_since": "2000-01-01",
            "coop_membership_state": "member",
            "coop_erased_date": "2000-01-01",
            "coop_is_consignor": True,
            "coop_commission_rate": 35.0,
        }
        target = self._person("Inventory Target")
        for name, allowed in sorted(PARTNER_FIELDS.items()):
            if name not in Partner._fields:
                continue
            for role in ROLES:
                with self.subTest(field=name, role=role), self._as(role) as env:
                    record = env["res.partner"].browse(target.id)
                    values = {name: samples[name]}
                    if name == "coop_blocked":
                        values["coop_block_reason"] = "Tried over RPC"
                    if role in allowed:
                        record.write(values)
                    else:
                        with self.assertRaises(AccessError):
                            record.write(values)
                        with self.assertRaises(AccessError):
                            env["res.partner"].create({"name": "Forged", **values})

    def test_a_cashier_may_not_move_a_members_card(self):
        with self._as("cashier") as env:
            with self.assertRaises(AccessError):
                env["res.partner"].browse(self.member.id).write({"barcode": "0420000123453"})
            # A plain customer's card is the till's business.
            customer = env["res.partner"].create({"name": "Walk-in Customer"})
            customer.write({"barcode": "0420000123460"})
            self.assertEqual(customer.barcode, "0420000123460")
