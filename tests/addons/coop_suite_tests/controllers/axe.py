"""Serves axe-core to the accessibility test's browser. Test addon only: never installed in
production. axe-core is not committed; bin/test and .ci/run fetch it into .cache/axe."""

import pathlib

from odoo import http
from odoo.http import request

AXE_PATH = pathlib.Path(__file__).resolve().parents[4] / ".cache" / "axe" / "axe.min.js"


class CoopAxe(http.Controller):
    @http.route("/coop_suite_tests/axe.min.js", type="http", auth="user", methods=["GET"])
    def coop_axe_script(self):
        if not AXE_PATH.is_file():
            raise request.not_found()
        return request.make_response(
            AXE_PATH.read_bytes(), headers=[("Content-Type", "application/javascript")]
        )
