"""bin/screenshots keeps working: its core takes two member pages on the test server, and
fails on a page that answers an error. Two pages only, to stay fast; the whole gallery is
bin/screenshots on a demo database."""

import importlib.util
import logging
import os
import pathlib
import tempfile

from odoo.tests import HttpCase, tagged

_logger = logging.getLogger(__name__)

CORE = pathlib.Path(__file__).resolve().parents[4] / "bin" / "_screenshots.py"
spec = importlib.util.spec_from_file_location("coop_screenshots", CORE)
gallery = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gallery)


@tagged("post_install", "-at_install")
class TestScreenshots(HttpCase):
    def test_two_member_pages_make_a_gallery(self):
        with tempfile.TemporaryDirectory() as output:
            shots, failures = gallery.run(
                self.base_url(),
                self.env.cr.dbname,
                output,
                ["member"],
                ["en"],
                pages=["membership", "card"],
                log=_logger.info,
            )
            self.assertEqual(failures, [])
            files = [shot["file"] for shot in shots]
            self.assertEqual(files, ["member-membership-en.png", "member-card-en.png"])
            for name in files:
                with open(os.path.join(output, name), "rb") as file:
                    self.assertEqual(file.read(8), b"\x89PNG\r\n\x1a\n")
            with open(os.path.join(output, "index.html")) as file:
                index = file.read()
            for name in files:
                self.assertIn(f"src='{name}'", index)
            self.assertIn("member (en)", index)

    def test_a_page_answering_an_error_fails(self):
        site = gallery.Site(self.base_url(), self.env.cr.dbname)
        session = site.login("priya")
        chrome = gallery.Chrome()
        try:
            with self.assertRaisesRegex(gallery.PageError, "HTTP 404"):
                chrome.shoot(
                    site.url, session, "/my/group-orders/0", gallery.PHONE, gallery.PORTAL_READY
                )
        finally:
            chrome.close()
