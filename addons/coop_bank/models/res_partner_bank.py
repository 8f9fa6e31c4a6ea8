from odoo import api, models


class ResPartnerBank(models.Model):
    _inherit = "res.partner.bank"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env.registry.clear_cache()  # res.company._coop_transfer_bank_details
        return records

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res

    def _coop_transfer_details(self):
        """{"holder", "number", "bank"} as members read them to pay by transfer."""
        self.ensure_one()
        account = self.sudo()
        bank = account.bank_id
        return {
            "holder": account.acc_holder_name or account.partner_id.name or "",
            "number": account.acc_number or "",
            "bank": f"{bank.name} ({bank.bic})" if bank.bic else (bank.name or ""),
        }
