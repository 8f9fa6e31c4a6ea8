"""Browser tours at a phone's size, shared by the suite's portal tests."""

from contextlib import contextmanager
from unittest.mock import patch

from odoo.tests.common import ChromeBrowser


@contextmanager
def phone_screen(case, width=375, height=667):
    """Run the tours of `case` (an HttpCase) on an emulated phone screen.

    Headless Chromium keeps windows at least ~500px wide whatever --window-size says, so
    the page would be laid out wider than a phone; the device metrics are set as well.
    """
    case.browser_size = f"{width}x{height}"
    case.touch_enabled = True
    navigate_to = ChromeBrowser.navigate_to

    def navigate_as_phone(browser, url, wait_stop=False):
        browser._websocket_request(
            "Emulation.setDeviceMetricsOverride",
            params={"width": width, "height": height, "deviceScaleFactor": 2, "mobile": True},
        )
        return navigate_to(browser, url, wait_stop=wait_stop)

    with patch.object(ChromeBrowser, "navigate_to", navigate_as_phone):
        yield
