"""The till's parts of membership moved to the coop_membership_pos bridge.

Their external ids move with them, so that the bridge takes over the same fields, model,
views, menu, access rules and demo records instead of coop_membership's update deleting
them (and the columns holding their data). Where the till is installed, the bridge is
installed in the same run: auto_install alone installs it only with a new dependency.
"""

import logging

_logger = logging.getLogger(__name__)

BRIDGE = "coop_membership_pos"

# Records of coop_membership's data and demo files that the bridge now loads.
MOVED_RECORDS = [
    # views/pos_order_views.xml, views/product_template_views.xml, settings, access rules
    "view_pos_pos_form_coop",
    "view_pos_order_tree_coop_review",
    "view_pos_order_filter_coop",
    "action_coop_pos_sales_to_review",
    "menu_coop_pos_sales_to_review",
    "view_coop_pos_review_wizard_form",
    "product_template_form_view_coop_open_to_public",
    "res_config_settings_view_form_pos_coop",
    "access_coop_share_line_pos",
    "access_coop_pos_review_wizard_manager",
    # demo: the café's till
    "pos_payment_method_cash",
    "pos_payment_method_card",
    "pos_category_cafe",
    "pos_config_cafe",
]
MOVED_PRODUCTS = [
    "product_sourdough",
    "product_rye",
    "product_croissant",
    "product_flour",
    "product_oats",
    "product_eggs",
    "product_milk",
    "product_coffee",
    "product_apples",
    "product_honey",
]
# Fields (and the wizard's model) the bridge now defines.
MOVED_FIELDS = [
    "model_coop_pos_review_wizard",
    "field_res_company__coop_till_min_balance",
    "field_res_config_settings__coop_till_min_balance",
    "field_res_config_settings__pos_coop_allow_anonymous",
    "field_res_config_settings__pos_coop_review_user_ids",
    "field_product_template__coop_open_to_public",
    "field_product_product__coop_open_to_public",
]
MOVED_PATTERNS = [
    r"field\_pos\_%",
    r"field\_coop\_pos\_review\_wizard\_\_%",
    r"selection\_\_pos\_order\_\_%",
]


def migrate(cr, version):
    names = (
        MOVED_RECORDS
        + MOVED_PRODUCTS
        + [f"{name}_product_template" for name in MOVED_PRODUCTS]
        + MOVED_FIELDS
    )
    cr.execute(
        """UPDATE ir_model_data SET module = %s
            WHERE module = 'coop_membership'
              AND (name = ANY(%s) OR name LIKE ANY(%s))""",
        [BRIDGE, names, MOVED_PATTERNS],
    )
    _logger.info("%s external ids moved from coop_membership to %s", cr.rowcount, BRIDGE)

    cr.execute(
        """SELECT bridge.id, bridge.state, pos.state, membership.demo
             FROM ir_module_module bridge, ir_module_module pos, ir_module_module membership
            WHERE bridge.name = %s AND pos.name = 'point_of_sale'
              AND membership.name = 'coop_membership'""",
        [BRIDGE],
    )
    row = cr.fetchone()
    if not row:
        _logger.warning("%s is not in the module list: install it with -i %s", BRIDGE, BRIDGE)
        return
    bridge_id, bridge_state, pos_state, demo = row
    # The many2many table of the reviewers belongs to the bridge too (dropped with it).
    cr.execute(
        """UPDATE ir_model_relation SET module = %s
            WHERE module = (SELECT id FROM ir_module_module WHERE name = 'coop_membership')
              AND model IN (SELECT id FROM ir_model WHERE model = ANY(%s))""",
        [bridge_id, ["pos.config", "pos.order", "coop.pos.review.wizard"]],
    )
    if pos_state in ("installed", "to upgrade", "to install") and bridge_state == "uninstalled":
        # Loaded after the modules being updated, in the same run (Odoo's "to install" pass).
        cr.execute(
            "UPDATE ir_module_module SET state = 'to install', demo = %s WHERE id = %s",
            [demo, bridge_id],
        )
        _logger.info("%s marked to install: the till is installed", BRIDGE)
