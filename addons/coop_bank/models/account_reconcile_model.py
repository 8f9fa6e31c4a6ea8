from odoo import fields, models


class AccountReconcileModel(models.Model):
    _inherit = "account.reconcile.model"

    coop_rule = fields.Selection(
        [
            ("member_invoice", "Members' invoices"),
            ("member_top_up", "Members' top-ups"),
        ],
        string="Co-op Payment Reference",
        help="Matches statement lines by the co-op's structured payment reference "
        "(<member number>-<invoice> or <member number>-TOPUP) instead of this model's "
        "text and amount conditions; the journals and the received/paid condition still "
        "apply. Members' invoices: a goods invoice is paid when the amount is its balance "
        "due, a capital invoice by any instalment up to it. Top-ups: the amount is credited "
        "to the member on the members' account.",
    )

    def _is_applicable_for(self, st_line, partner):
        if not super()._is_applicable_for(st_line, partner):
            return False
        if not self.coop_rule:
            return True
        verdict = st_line._coop_reference_verdict()
        return bool(verdict and not verdict["reason"] and verdict["rule"] == self.coop_rule)

    def _get_invoice_matching_rules_map(self):
        if self.coop_rule == "member_invoice":
            return {0: [self._coop_member_invoice_candidates]}
        return super()._get_invoice_matching_rules_map()

    def _coop_member_invoice_candidates(self, st_line, partner):
        """The invoice the line's co-op reference names, once the co-op rule accepts it."""
        verdict = st_line._coop_reference_verdict()
        if verdict and not verdict["reason"] and verdict["rule"] == "member_invoice":
            return {"allow_auto_reconcile": True, "amls": verdict["amls"]}
        return None
