from odoo import fields, models

from ..models.res_company import shop_today


class CoopMemberRegisterWizard(models.TransientModel):
    """Print the legal register of members and shares as it stood on a date."""

    _name = "coop.member.register.wizard"
    _description = "Register of Members and Shares"

    date = fields.Date(string="As Of", required=True, default=shop_today)
    include_former = fields.Boolean(string="Include Former Members", default=True)

    def action_print(self):
        self.ensure_one()
        return self.env.ref("coop_membership.action_report_coop_member_register").report_action(
            self
        )

    def _register_rows(self):
        """One row per person who held shares on or before the date."""
        self.ensure_one()
        groups = self.env["coop.share.line"]._read_group(
            [("date", "<=", self.date), ("company_id", "=", self.env.company.id)],
            ["partner_id", "share_type_id"],
            ["quantity:sum", "amount:sum", "date:min"],
        )
        rows = {}
        for partner, share_type, quantity, amount, first_date in groups:
            row = rows.setdefault(
                partner,
                {"partner": partner, "shares": {}, "count": 0, "amount": 0.0, "since": first_date},
            )
            row["shares"][share_type.code] = quantity
            row["count"] += quantity
            row["amount"] += amount
            row["since"] = min(row["since"], first_date)
        result = [r for r in rows.values() if r["count"] > 0 or self.include_former]
        return sorted(result, key=lambda r: (r["since"], r["partner"].coop_member_number or ""))
