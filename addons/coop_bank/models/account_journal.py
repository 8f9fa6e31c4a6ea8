from odoo import api, models

# Which bank account members pay into follows from the bank journals
# (res.company._coop_transfer_bank_details, cached).
TRANSFER_FIELDS = {"type", "bank_account_id", "sequence", "company_id", "active"}


class AccountJournal(models.Model):
    _inherit = "account.journal"

    @api.model_create_multi
    def create(self, vals_list):
        journals = super().create(vals_list)
        if any(vals.get("type") == "bank" for vals in vals_list):
            self.env.registry.clear_cache()
        return journals

    def write(self, vals):
        res = super().write(vals)
        if TRANSFER_FIELDS & set(vals):
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res
