from . import controllers, models, wizards


def _coop_culture_post_init(env):
    env["res.company"].search([])._coop_ensure_payout_setup()
