import hashlib
from collections import Counter

from odoo import models


class AccountStatementImport(models.TransientModel):
    _inherit = "account.statement.import"

    def _complete_stmts_vals(self, stmts_vals, journal, account_number):
        # Most UK banks' CSV exports carry no transaction id, so nothing would stop the
        # same file being imported twice: give such lines an id made of what they say (the
        # n-th identical line of a file gets the n-th id), so that a second import of the
        # same transactions is refused like for OFX and CAMT files.
        for st_vals in stmts_vals:
            seen = Counter()
            for lvals in st_vals.get("transactions", []):
                if lvals.get("unique_import_id"):
                    continue
                content = "|".join(
                    str(lvals.get(name) or "")
                    for name in ("date", "amount", "payment_ref", "ref", "partner_name")
                )
                seen[content] += 1
                digest = hashlib.sha1(f"{content}|{seen[content]}".encode()).hexdigest()
                lvals["unique_import_id"] = f"coop-{digest[:24]}"
        return super()._complete_stmts_vals(stmts_vals, journal, account_number)

    def _create_bank_statements(self, stmts_vals, result):
        known = set(result["statement_ids"])
        res = super()._create_bank_statements(stmts_vals, result)
        new_ids = [sid for sid in result["statement_ids"] if sid not in known]
        statements = self.env["account.bank.statement"].browse(new_ids)
        statements.line_ids.sorted(
            lambda line: (line.date, line.sequence, line.id)
        )._coop_match_member_references()
        return res
