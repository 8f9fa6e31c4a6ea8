from odoo import api, models

from ..const import POS_USER


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _coop_customer_barcode_prefix(self):
        # The till reads cards by its barcode nomenclature: cards start with its customer range.
        nomenclature = self.env.company.nomenclature_id
        rule = nomenclature.rule_ids.filtered(lambda r: r.type == "client")[:1]
        prefix = ""
        for char in rule.pattern or "":
            if not char.isdigit():
                break
            prefix += char
        return prefix or super()._coop_customer_barcode_prefix()

    # ---------------------------------------------------------------- money

    def _coop_till_unbooked_sales(self, company=None, except_order=None):
        """{commercial partner id: amount} these people bought on account at the till in
        sessions still open: not on the members' account until the session closes."""
        company = company or self.env.company
        commercial = self.commercial_partner_id
        unbooked = dict.fromkeys(commercial.ids, 0.0)
        if not commercial:
            return unbooked
        domain = [
            # Odoo's Customer Account: a payment method with no journal (its type is computed).
            ("payment_method_id.journal_id", "=", False),
            ("pos_order_id.partner_id.commercial_partner_id", "in", commercial.ids),
            ("pos_order_id.state", "=", "paid"),
            ("pos_order_id.session_id.state", "!=", "closed"),
            ("company_id", "=", company.id),
        ]
        if except_order:
            domain.append(("pos_order_id", "!=", except_order.id))
        for payment in self.env["pos.payment"].sudo().search(domain):
            unbooked[payment.pos_order_id.partner_id.commercial_partner_id.id] += payment.amount
        return unbooked

    def _coop_till_balances(self, company=None, except_order=None):
        # The books, less what open sessions sold on account (booked when the session closes).
        company = company or self.env.company
        balances = super()._coop_till_balances(company, except_order=except_order)
        unbooked = self._coop_till_unbooked_sales(company, except_order=except_order)
        return {partner: balance - unbooked[partner] for partner, balance in balances.items()}

    # ---------------------------------------------------------------- the till

    @api.model
    def _load_pos_data_fields(self, config_id):
        return super()._load_pos_data_fields(config_id) + self._coop_pos_fields()

    @api.model
    def _coop_pos_fields(self):
        return [
            "coop_member_number",
            "coop_status",
            "coop_can_shop",
            "coop_status_reason",
            "coop_status_label",
            "coop_household_head_id",
            "coop_share_count",
            "coop_account_balance",
        ]

    @api.model
    def coop_pos_find_by_card(self, barcode, config_id):
        """Look up a scanned card for a till that has not loaded that partner."""
        self.env["res.users"]._coop_require(
            POS_USER, message=self.env._("Only a till looks up cards.")
        )
        partner = self._coop_search_card(barcode)
        if not partner:
            return {}
        config = self.env["pos.config"].browse(config_id)
        return {"res.partner": partner.read(self._load_pos_data_fields(config.id), load=False)}
