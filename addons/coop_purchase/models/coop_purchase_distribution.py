import io

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import UserError

# From these states on, allocated quantities are what members get.
ALLOCATED_STATES = ("closed", "received", "settled", "done")


class CoopPurchaseRound(models.Model):
    _inherit = "coop.purchase.round"

    def _qty_field(self):
        """Allocated quantities once the round is closed, ordered ones before."""
        self.ensure_one()
        return "allocated_qty" if self.state in ALLOCATED_STATES else "quantity"

    def _qty_label(self):
        self.ensure_one()
        if self.state in ALLOCATED_STATES:
            return self.env._("Allocated quantities")
        return self.env._("Ordered quantities (not yet allocated)")

    def _member_lines(self):
        self.ensure_one()
        return self.env["coop.purchase.member.line"].search(
            [("round_line_id", "in", self.line_ids.ids)]
        )

    def _distribution_rows(self):
        """Per offered product, who gets how much: [(round_line, [(partner, qty)], total)]."""
        self.ensure_one()
        field = self._qty_field()
        rows = []
        for line in self.line_ids:
            people = [
                (member_line.partner_id, member_line[field])
                for member_line in line.member_line_ids.sorted(lambda m: m.partner_id.name or "")
                if member_line[field] > 0
            ]
            if people:
                rows.append((line, people, sum(qty for _partner, qty in people)))
        return rows

    def _matrix(self):
        """Members × products: (partners, round_lines, {(partner_id, line_id): qty})."""
        self.ensure_one()
        field = self._qty_field()
        cells = {}
        for member_line in self._member_lines():
            if member_line[field] > 0:
                key = (member_line.partner_id.id, member_line.round_line_id.id)
                cells[key] = cells.get(key, 0) + member_line[field]
        partners = self.env["res.partner"].browse(sorted({p for p, _l in cells})).sorted("name")
        lines = self.line_ids.filtered(lambda line: any(line.id == lid for _p, lid in cells))
        return partners, lines, cells

    def _matrix_xlsx(self):
        """The members × products matrix as an XLSX file's bytes."""
        self.ensure_one()
        partners, lines, cells = self._matrix()
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        name = (self.name or "").translate(str.maketrans("", "", "[]:*?/\\"))[:31]
        sheet = workbook.add_worksheet(name or "Matrix")
        bold = workbook.add_format({"bold": True})
        sheet.write(0, 0, self.env._("Member"), bold)
        for col, line in enumerate(lines, start=1):
            sheet.write(0, col, line.product_id.display_name, bold)
        sheet.write(0, len(lines) + 1, self.env._("Total"), bold)
        for row, partner in enumerate(partners, start=1):
            sheet.write(row, 0, partner.name)
            total = 0
            for col, line in enumerate(lines, start=1):
                qty = cells.get((partner.id, line.id), 0)
                total += qty
                if qty:
                    sheet.write_number(row, col, qty)
            sheet.write_number(row, len(lines) + 1, total, bold)
        total_row = len(partners) + 1
        sheet.write(total_row, 0, self.env._("Total"), bold)
        for col, line in enumerate(lines, start=1):
            qty = sum(cells.get((partner.id, line.id), 0) for partner in partners)
            sheet.write_number(total_row, col, qty, bold)
        sheet.write(total_row + 2, 0, self._qty_label())
        sheet.set_column(0, 0, 28)
        sheet.set_column(1, len(lines) + 1, 14)
        sheet.freeze_panes(1, 1)
        workbook.close()
        return output.getvalue()

    def action_download_matrix(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/coop_purchase/round/{self.id}/matrix.xlsx",
            "target": "download",
        }

    def action_pickup_checklist(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "coop_purchase.action_coop_purchase_pickup_checklist"
        )
        action["name"] = self.env._("Pickup checklist: %s", self.name)
        action["domain"] = [("round_id", "=", self.id)]
        action["context"] = {"default_round_id": self.id}
        return action


class CoopPurchaseRoundLine(models.Model):
    _inherit = "coop.purchase.round.line"

    member_line_ids = fields.One2many("coop.purchase.member.line", "round_line_id")
    distribution = fields.Char(
        string="Who Gets How Much",
        compute="_compute_distribution",
        help="Members and their quantities: allocated once the round is closed, ordered before.",
    )

    @api.depends("member_line_ids.allocated_qty", "member_line_ids.quantity", "round_id.state")
    def _compute_distribution(self):
        for line in self:
            field = "allocated_qty" if line.round_id.state in ALLOCATED_STATES else "quantity"
            parts = [
                f"{m.partner_id.name}: {m[field]}"
                for m in line.member_line_ids.sorted(lambda m: m.partner_id.name or "")
                if m[field] > 0
            ]
            line.distribution = ", ".join(parts)


class CoopPurchaseMemberOrder(models.Model):
    _inherit = "coop.purchase.member.order"

    collected = fields.Boolean(copy=False, help="Ticked when the member took their basket.")
    collected_date = fields.Datetime(readonly=True, copy=False)
    pickup_date = fields.Date(related="round_id.pickup_date")
    pickup_place = fields.Char(related="round_id.pickup_place")
    round_state = fields.Selection(related="round_id.state", string="Round Status")
    allocated_total = fields.Integer(compute="_compute_allocated_total", string="Units")

    def _compute_allocated_total(self):
        for order in self:
            order.allocated_total = sum(order.line_ids.mapped("allocated_qty"))

    def _pick_lines(self):
        """The lines to hand over: only what the member was allocated."""
        self.ensure_one()
        return self.line_ids.filtered(lambda line: line.allocated_qty > 0).sorted(
            lambda line: (
                line.round_line_id.supplier_id.name or "",
                line.round_line_id.product_id.display_name or "",
            )
        )

    def _check_collectable(self):
        for order in self:
            if order.round_id.state not in ALLOCATED_STATES:
                raise UserError(
                    self.env._(
                        "%(member)s cannot collect from %(round)s yet: "
                        "baskets are collected only once the round is closed.",
                        member=order.partner_id.name,
                        round=order.round_id.name,
                    )
                )

    def write(self, vals):
        if "collected" not in vals:
            return super().write(vals)
        self._check_collectable()
        if not vals["collected"]:
            return super().write(dict(vals, collected_date=False))
        # The first tick counts: baskets already collected keep their date.
        done = self.filtered("collected")
        todo = self - done
        values = dict(vals)
        values.setdefault("collected_date", fields.Datetime.now())
        if done:
            super(CoopPurchaseMemberOrder, done).write(
                {k: v for k, v in vals.items() if k != "collected_date"}
            )
        if todo:
            super(CoopPurchaseMemberOrder, todo).write(values)
        return True

    def action_mark_collected(self):
        self.write({"collected": True})
        return True

    def action_mark_not_collected(self):
        self.write({"collected": False})
        return True
