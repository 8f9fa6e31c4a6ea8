from . import models


def _coop_bank_post_init(env):
    env["res.company"].search([])._coop_bank_ensure_reconcile_models()
