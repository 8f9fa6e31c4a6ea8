from odoo import fields, models


class CoopShiftCounterEvent(models.Model):
    _inherit = "coop.shift.counter.event"

    reason = fields.Selection(
        selection_add=[("working_group", "Working Group")],
        # Uninstalling keeps the points a member earned: they become corrections.
        ondelete={"working_group": "set correction"},
    )
    # Each confirmed entry of hours writes its own movement (cycle_start stays empty, so the
    # once-per-cycle constraint of cycle dues does not apply); the cap per cycle is kept by
    # the hours themselves, which know what was already credited.
    coop_working_group_hours_id = fields.Many2one(
        "coop.working.group.hours",
        string="Working Group Hours",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
    )
