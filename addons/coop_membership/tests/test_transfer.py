from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import CoopMembershipCase, new_test_user


@tagged("post_install", "-at_install")
class TestTransfer(CoopMembershipCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.giver = cls._member("Giver", quantity=20)
        # As the back office makes users: with Odoo's default Contact Creation right, which a
        # transfer to a new person needs.
        cls.office_manager = new_test_user(
            cls.env,
            login="transfer_manager",
            groups="base.group_partner_manager,coop_membership.group_coop_manager",
        )

    def _form(self):
        """Opened from the giver's contact form, by a membership manager."""
        return self._open_wizard(
            "coop_membership.action_coop_share_transfer_from_partner",
            self.office_manager,
            self.giver,
        )

    def _wizard(self, **values):
        form = self._form()
        form.share_type_id = self.share_a
        form.quantity = 10
        # The choices first: they show the fields that depend on them.
        for name in sorted(values, key=lambda name: name not in ("mode", "recipient_kind")):
            setattr(form, name, values[name])
        return form.save()

    def test_transfer_to_existing_member(self):
        taker = self._member("Taker", quantity=10)
        form = self._form()
        self.assertEqual(form.partner_id, self.giver)
        self.assertEqual((form.mode, form.recipient_kind), ("transfer", "existing"))
        form.share_type_id = self.share_a
        self.assertEqual(form.held_quantity, 20)
        form.quantity = 10
        form.recipient_id = taker
        form.save().action_confirm()
        self.assertEqual(self.giver.coop_share_count, 10)
        self.assertEqual(taker.coop_share_count, 20)
        out_line = self.giver.coop_share_line_ids.filtered(lambda l: l.kind == "transfer_out")
        in_line = taker.coop_share_line_ids.filtered(lambda l: l.kind == "transfer_in")
        self.assertEqual(out_line.counterpart_line_id, in_line)
        self.assertEqual(in_line.counterpart_line_id, out_line)

    def test_transfer_to_new_person_gives_a_subscription_and_a_number(self):
        self._wizard(
            recipient_kind="new", recipient_name="Newcomer", recipient_email="new@example.org"
        ).action_confirm()
        newcomer = self.env["res.partner"].search([("email", "=", "new@example.org")])
        self.assertEqual(newcomer.coop_share_count, 10)
        self.assertTrue(newcomer.coop_member_number)
        request = newcomer.coop_subscription_request_ids
        self.assertEqual(
            (request.origin, request.state, request.quantity), ("transfer", "done", 10)
        )

    def test_transfer_checks(self):
        taker = self._member("Full Taker", quantity=45)
        with self.assertRaisesRegex(ValidationError, "at most 50 share"):
            self._wizard(recipient_id=taker).action_confirm()  # above the maximum of 50
        with self.assertRaisesRegex(ValidationError, r"holds 20 class TA share\(s\), not 21"):
            self._wizard(quantity=21, recipient_id=taker).action_confirm()
        with self.assertRaisesRegex(ValidationError, r"would keep 5 share\(s\), below the minimum"):
            self._wizard(quantity=15, recipient_id=taker).action_confirm()  # giver keeps 5 < 10
        with self.assertRaisesRegex(ValidationError, "to their own holder"):
            self._wizard(recipient_id=self.giver).action_confirm()
        with self.assertRaisesRegex(UserError, "Choose who receives the shares"):
            self._wizard().action_confirm()
        self.assertEqual(self.giver.coop_share_count, 20)

    def test_conversion_between_classes(self):
        self._wizard(mode="conversion", target_share_type_id=self.share_b).action_confirm()
        holdings = {h["share_type"].code: h["quantity"] for h in self.giver._coop_holdings()}
        self.assertEqual(holdings, {"TA": 10, "TB": 10})
        self.assertEqual(self.giver.coop_capital_amount, 200.0)

    def test_conversion_needs_equal_nominal_value(self):
        dearer = self.ShareType.create({"code": "TD", "name": "Investor", "unit_price": 100.0})
        with self.assertRaisesRegex(ValidationError, "different nominal values"):
            self._wizard(mode="conversion", target_share_type_id=dearer).action_confirm()
