from odoo import models

from odoo.addons.account.models.chart_template import template


class AccountChartTemplate(models.AbstractModel):
    """The share capital's accounts and journal come with the company's chart of accounts,
    like core's stock or POS journals: loaded with any chart (the @template hooks below) and
    added to a company that already has one when the addon is installed."""

    _inherit = "account.chart.template"

    @template(model="account.account")
    def _get_coop_membership_account_account(self, template_code):
        company = self.env.company
        wanted = {}
        if not company._coop_linked_capital_record("coop_capital_account_id"):
            wanted["coop_share_capital"] = (self.env._("Subscribed Share Capital"), "equity")
        if not company.coop_capital_unpaid_account_id:
            wanted["coop_share_capital_unpaid"] = (
                self.env._("Subscribed Share Capital Not Paid"),
                "equity",
            )
        if not company.coop_capital_receivable_account_id:
            wanted["coop_share_capital_called"] = (
                self.env._("Members: Share Capital Called, Not Paid"),
                "asset_receivable",
            )
        accounts = self._coop_new_account_data(template_code, wanted)
        if "coop_share_capital" in accounts:
            accounts["coop_share_capital"]["coop_is_share_capital"] = True
        return accounts

    @template(model="account.journal")
    def _get_coop_membership_account_journal(self, template_code):
        company = self.env.company
        if company._coop_linked_capital_record("coop_capital_journal_id"):
            return {}
        account = company._coop_linked_capital_record("coop_capital_account_id")
        return {
            "coop_share_capital_journal": {
                "name": self.env._("Share Capital"),
                "code": company._coop_free_journal_code(company, "CAP"),
                "type": "sale",
                "default_account_id": account.id or "coop_share_capital",
                "coop_is_share_capital": True,
                "show_on_dashboard": True,
            }
        }

    @template(model="res.company")
    def _get_coop_membership_res_company(self, template_code):
        company = self.env.company
        values = {}
        for fname, xmlid in (
            ("coop_capital_account_id", "coop_share_capital"),
            ("coop_capital_journal_id", "coop_share_capital_journal"),
            ("coop_capital_unpaid_account_id", "coop_share_capital_unpaid"),
            ("coop_capital_receivable_account_id", "coop_share_capital_called"),
        ):
            if not company[fname]:
                values[fname] = company._coop_linked_capital_record(fname).id or xmlid
        return {company.id: values} if values else {}

    def _coop_load_capital_setup(self):
        """Give the current company what the hooks above give a company loading its chart."""
        self._coop_load_hooks(
            {
                "account.account": self._get_coop_membership_account_account,
                "account.journal": self._get_coop_membership_account_journal,
                "res.company": self._get_coop_membership_res_company,
            }
        )

    def _coop_load_hooks(self, hooks):
        """Load what some @template hooks give, for the current company's chart: how the
        suite's addons add their accounts to a company that had its chart before them."""
        template_code = self.env.company.chart_template
        data = {model: hook(template_code) for model, hook in hooks.items()}
        # Chart records live under account's xml ids, whichever addon installs them.
        self.with_context(foreign_record_to_create=True)._load_data(
            {model: records for model, records in data.items() if records}
        )

    def _coop_new_account_data(self, template_code, wanted):
        """Template data of new accounts, {xml id: (name, account type)}, each given a code
        free in the chart and in the company's books."""
        if not wanted:
            return {}
        codes = self._coop_free_account_codes(template_code, [kind for __, kind in wanted.values()])
        return {
            xmlid: {
                "name": name,
                "code": code,
                "account_type": account_type,
                "reconcile": account_type == "asset_receivable",
            }
            for (xmlid, (name, account_type)), code in zip(wanted.items(), codes, strict=True)
        }

    def _coop_free_account_codes(self, template_code, account_types):
        """One free code per account type, each just after the chart's first account of that
        type (its first equity account for capital), and as long as the chart's own codes so
        that the chart's padding of short codes cannot make two of them equal."""
        chart = {}
        for code in self._get_parent_template(template_code) if template_code else []:
            chart.update(self._parse_csv(code, "account.account"))
        Account = self.env["account.account"].with_company(self.env.company)
        existing = Account.search(Account._check_company_domain(self.env.company))
        length = max((len(values.get("code", "")) for values in chart.values()), default=0)
        taken = {values["code"].ljust(length, "0") for values in chart.values() if "code" in values}
        taken |= set(existing.mapped("code"))
        codes = []
        for account_type in account_types:
            near = sorted(
                [
                    values["code"].ljust(length, "0")
                    for values in chart.values()
                    if values.get("account_type") == account_type and "code" in values
                ]
                + existing.filtered(lambda a, t=account_type: a.account_type == t).mapped("code")
            )
            start = (
                near[0]
                if near
                else {
                    "equity": "1010",
                    "asset_receivable": "1100",
                    "liability_current": "2100",
                    "income": "4000",
                }.get(account_type, "1000").ljust(max(length, 4), "0")
            )
            code = Account._search_new_account_code(start, cache=taken | {start})
            taken.add(code)
            codes.append(code)
        return codes
