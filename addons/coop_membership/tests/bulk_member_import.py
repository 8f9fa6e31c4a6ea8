"""A whole co-op's file: 2,000 members imported through the suite's own paths.

Not in the default runs (about 3 s a member on a loaded 2-core machine, 0.7 s when it is
quiet: each member is an invoice, a payment, a reconciliation and a paid-up capital entry).
Run it on its own: pytest addons/coop_membership/tests/bulk_member_import.py
"""

import logging
import time
from datetime import date, timedelta

from odoo.tests import tagged

from .test_member_import import MemberImportCase

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestMemberImportBulk(MemberImportCase):
    """A whole co-op's file, with historic dates on every share line and payment."""

    def test_a_two_thousand_row_file_imports(self):
        start = date(2015, 1, 1)
        classes = [("TB", "1"), ("TC", "2"), ("TA", "10")]
        rows = []
        for index in range(2000):
            code, shares = classes[index % 3]
            row = self._row(
                str(80000 + index),
                f"Bulk Member {index}",
                share_class=code,
                shares=shares,
                paid_date=(start + timedelta(days=index)).isoformat(),
            )
            if index % 10 == 1:
                row["household_head"] = str(80000 + index - 1)
            if index % 50 == 0:
                row["prepaid_balance"] = "12"
            rows.append(row)
        wizard = self._wizard(rows)
        started = time.perf_counter()
        wizard.action_preview()
        previewed = time.perf_counter()
        _logger.info("coop member import of 2,000 rows: preview %.1f s", previewed - started)
        self.assertEqual((wizard.new_count, wizard.problem_count), (2000, 0))
        wizard.action_import()
        _logger.info(
            "coop member import of 2,000 rows: import %.1f s", time.perf_counter() - previewed
        )
        people = self._numbered(*[row["member_number"] for row in rows])
        self.assertEqual(len(people), 2000)
        self.assertEqual(set(people.mapped("coop_membership_state")), {"member"})
        last = self._numbered("81999")
        self.assertEqual(last.coop_share_line_ids.date, start + timedelta(days=1999))
        self.assertEqual(
            last.coop_subscription_request_ids.move_id.invoice_date, start + timedelta(days=1999)
        )
        self.assertEqual(len(people.filtered("coop_household_head_id")), 200)
