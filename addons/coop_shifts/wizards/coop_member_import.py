from odoo import api, models

from odoo.addons.coop_membership.models.res_company import shop_today

from ..const import MANAGER

SHIFT_MODES = ("team", "flying", "exempt")


class CoopMemberImport(models.TransientModel):
    """The shifts' columns of a member import: worker mode, team and opening counter."""

    _inherit = "coop.member.import"

    @api.model
    def _coop_import_columns(self):
        return super()._coop_import_columns() + ["shift_mode", "team", "counter_balance"]

    def _coop_parse_extra(self, values, problems, memo):
        extra = super()._coop_parse_extra(values, problems, memo)
        if "teams" not in memo:
            # Team names ('B-Tue 18:00') are computed: read every team once for the file.
            templates = self.env["coop.shift.template"].search(
                [("company_id", "=", self.company_id.id)]
            )
            memo["teams"] = {template.name.lower(): template for template in templates}
        mode = self._coop_text(values.get("shift_mode")).lower()
        team_name = self._coop_text(values.get("team"))
        balance_text = self._coop_text(values.get("counter_balance"))
        if mode and mode not in SHIFT_MODES:
            problems.append(
                self.env._(
                    "Worker mode %(mode)s is unknown: use %(modes)s.",
                    mode=mode,
                    modes=", ".join(SHIFT_MODES),
                )
            )
        team = self.env["coop.shift.template"]
        if team_name:
            team = memo["teams"].get(team_name.lower(), team)
            if not team:
                problems.append(self.env._("Team %s is unknown.", team_name))
            elif mode and mode != "team":
                problems.append(self.env._("A member in worker mode %s is in no team.", mode))
        balance = 0
        if balance_text:
            try:
                balance = int(balance_text)
            except ValueError:
                problems.append(
                    self.env._("The counter balance %s is not a whole number.", balance_text)
                )
        extra.update(
            {
                "shift_mode": mode or (team and "team") or False,
                "team": team,
                "counter_balance": balance,
            }
        )
        return extra

    def _coop_check_extra_rights(self, items):
        super()._coop_check_extra_rights(items)
        if any(
            item["extra"].get("shift_mode")
            or item["extra"].get("team")
            or item["extra"].get("counter_balance")
            for item in items
        ):
            self.env["res.users"]._coop_require(
                MANAGER,
                message=self.env._(
                    "Worker modes, teams and counters are imported by a shifts manager."
                ),
            )
        return True

    def _coop_import_extra(self, partner, extra):
        super()._coop_import_extra(partner, extra)
        today = shop_today(self)
        if extra.get("shift_mode"):
            partner.coop_shift_mode = extra["shift_mode"]
        if extra.get("team"):
            self.env["coop.shift.team.membership"].create(
                {
                    "partner_id": partner.id,
                    "template_id": extra["team"].id,
                    "date_start": today,
                    "note": self.env._("Opening team (import)"),
                }
            )
        if extra.get("counter_balance"):
            # The counter the member is judged on: flying members' own, else the standard.
            self.env["coop.shift.counter.event"].create(
                {
                    "partner_id": partner.id,
                    "counter": "flying" if partner.coop_shift_mode == "flying" else "standard",
                    "points": extra["counter_balance"],
                    "date": today,
                    "reason": "correction",
                    "note": self.env._("Opening balance (import)"),
                }
            )
        return True
