"""The members × products matrix of a round as a spreadsheet, for the distribution."""

import io

import xlsxwriter


def round_matrix_xlsx(round_):
    """The matrix of `round_` (one round) as an XLSX file's bytes."""
    round_.ensure_one()
    partners, lines, cells = round_._matrix()
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    name = (round_.name or "").translate(str.maketrans("", "", "[]:*?/\\"))[:31]
    sheet = workbook.add_worksheet(name or "Matrix")
    bold = workbook.add_format({"bold": True})
    sheet.write(0, 0, round_.env._("Member"), bold)
    for col, line in enumerate(lines, start=1):
        sheet.write(0, col, line.product_id.display_name, bold)
    sheet.write(0, len(lines) + 1, round_.env._("Total"), bold)
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
    sheet.write(total_row, 0, round_.env._("Total"), bold)
    for col, line in enumerate(lines, start=1):
        qty = sum(cells.get((partner.id, line.id), 0) for partner in partners)
        sheet.write_number(total_row, col, qty, bold)
    sheet.write(total_row + 2, 0, round_._qty_label())
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, len(lines) + 1, 14)
    sheet.freeze_panes(1, 1)
    workbook.close()
    return output.getvalue()
