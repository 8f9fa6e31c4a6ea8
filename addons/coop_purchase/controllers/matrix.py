from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import content_disposition, request

from ..report.round_matrix_xlsx import round_matrix_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CoopPurchaseMatrix(http.Controller):
    @http.route(
        "/coop_purchase/round/<int:round_id>/matrix.xlsx",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def coop_purchase_matrix_xlsx(self, round_id, **kwargs):
        """The members × products matrix of a round, for group-order staff only."""
        if not request.env.user.has_group("coop_purchase.group_coop_purchase_user"):
            raise Forbidden()
        round_ = request.env["coop.purchase.round"].browse(round_id).exists()
        if not round_:
            raise NotFound()
        try:
            round_.check_access("read")
        except (AccessError, MissingError) as error:
            raise Forbidden() from error
        content = round_matrix_xlsx(round_)
        filename = request.env._("Order matrix - %s.xlsx", round_.name)
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX),
                ("Content-Length", len(content)),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )
