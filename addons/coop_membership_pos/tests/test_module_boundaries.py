from odoo.tests import TransactionCase, tagged

# The suite's addons that a buying group or a co-op without a shop installs.
WITHOUT_TILL = ["coop_membership", "coop_shifts", "coop_purchase", "coop_bank", "coop_governance"]


@tagged("post_install", "-at_install")
class TestModuleBoundaries(TransactionCase):
    """The till comes with this bridge, never with membership itself."""

    def _dependencies(self, name):
        module = self.env["ir.module.module"].search([("name", "=", name)])
        self.assertTrue(module, f"{name} is in the module list")
        # Every module it needs, installed or not (the tree its manifest asks for).
        return set(module.upstream_dependencies(exclude_states=("uninstallable",)).mapped("name"))

    def test_membership_does_not_bring_the_till(self):
        needed = self._dependencies("coop_membership")
        self.assertIn("account", needed, "the closure is read at all")
        self.assertNotIn("point_of_sale", needed)
        for name in WITHOUT_TILL:
            with self.subTest(addon=name):
                self.assertNotIn("point_of_sale", self._dependencies(name))

    def test_the_bridge_installs_itself_with_the_till(self):
        bridge = self.env["ir.module.module"].search([("name", "=", "coop_membership_pos")])
        self.assertTrue(bridge.auto_install)
        self.assertEqual(
            set(bridge.dependencies_id.mapped("name")), {"coop_membership", "point_of_sale"}
        )
        self.assertTrue(all(bridge.dependencies_id.mapped("auto_install_required")))
        self.assertEqual(bridge.state, "installed")
        self.assertIn("point_of_sale", self._dependencies("coop_membership_pos"))
