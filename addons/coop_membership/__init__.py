from . import controllers, models, wizards


def _coop_membership_post_init(env):
    env["res.company"].search([])._coop_ensure_capital_setup()
