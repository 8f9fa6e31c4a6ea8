from odoo.tests import HttpCase, tagged

from .common import CoopAssemblyCase


@tagged("post_install", "-at_install")
class TestDoorScreen(HttpCase, CoopAssemblyCase):
    browser_size = "1024x768"  # the door's tablet
    touch_enabled = True

    def test_sign_in_by_card_on_the_tablet(self):
        self.anna.barcode = "ASM-DOOR-ANNA"
        self.late.barcode = "ASM-DOOR-LEA"
        assembly = self._called()
        self.Proxy.create(
            {"assembly_id": assembly.id, "grantor_id": self.ben.id, "holder_id": self.anna.id}
        )
        assembly.action_open_session()
        self.office.password = "assembly_office"
        self.start_tour(
            f"/odoo/action-coop_assembly.action_coop_assembly/{assembly.id}",
            "coop_assembly_door_sign_in",
            login=self.office.login,
        )
        self.assertTrue(assembly._coop_voter(self.anna).attended)
        self.assertEqual(assembly.present_count, 1)
        self.assertEqual(assembly.represented_count, 1)
