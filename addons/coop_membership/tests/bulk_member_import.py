"""A whole co-op's file: 2,000 members imported through the suite's own paths.

Not in the default runs: each member is an invoice, a payment, a reconciliation and a
paid-up capital entry, about 126 queries and 0.4 s on a 2-core machine, 13 minutes for the
file. The import stays linear (tested on a short file in test_member_import.py).
Run it on its own: pytest addons/coop_membership/tests/bulk_member_import.py;
COOP_BULK_ROWS sets the number of rows, COOP_BULK_PROGRESS a file to follow the run in.
"""

import logging
import os
import time
from datetime import date, timedelta
from unittest.mock import patch

from odoo.tests import tagged

from .test_member_import import MemberImportCase

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestMemberImportBulk(MemberImportCase):
    """A whole co-op's file, with historic dates on every share line and payment."""

    def test_a_two_thousand_row_file_imports(self):
        size = int(os.environ.get("COOP_BULK_ROWS", "2000"))
        start = date(2015, 1, 1)
        classes = [("TB", "1"), ("TC", "2"), ("TA", "10")]
        rows = []
        for index in range(size):
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
        _logger.info("coop member import of %s rows: preview %.1f s", size, previewed - started)
        self.assertEqual((wizard.new_count, wizard.problem_count), (size, 0))
        # COOP_BULK_PROGRESS=<file>: a line every 100 members, to follow a long run.
        progress_path = os.environ.get("COOP_BULK_PROGRESS")
        Wizard = type(wizard)
        import_shares = Wizard._coop_import_shares
        written = []

        def import_and_report(wizard_, item):
            result = import_shares(wizard_, item)
            written.append(item)
            if progress_path and not len(written) % 100:
                with open(progress_path, "a", encoding="utf-8") as progress:
                    progress.write(
                        f"{len(written)} members {time.perf_counter() - previewed:.1f} s "
                        f"{self.env.cr.sql_log_count} queries "
                        f"{len(self.env.transaction.envs)} environments\n"
                    )
            return result

        with patch.object(Wizard, "_coop_import_shares", import_and_report):
            wizard.action_import()
        _logger.info(
            "coop member import of %s rows: import %.1f s", size, time.perf_counter() - previewed
        )
        people = self._numbered(*[row["member_number"] for row in rows])
        self.assertEqual(len(people), size)
        self.assertEqual(set(people.mapped("coop_membership_state")), {"member"})
        last = self._numbered(str(80000 + size - 1))
        self.assertEqual(last.coop_share_line_ids.date, start + timedelta(days=size - 1))
        self.assertEqual(
            last.coop_subscription_request_ids.move_id.invoice_date,
            start + timedelta(days=size - 1),
        )
        self.assertEqual(len(people.filtered("coop_household_head_id")), len(range(1, size, 10)))
