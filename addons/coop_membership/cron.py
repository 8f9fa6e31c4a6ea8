"""Batched cron work, as core's crons do it (``ir.cron._notify_progress``)."""

import threading

from odoo.tools import split_every


def in_batches(records, size):
    """Yield ``records`` in batches of ``size``. After each batch, tell the cron runner how
    far the job is and commit, so that a job cut off half-way keeps what it did and its
    next run takes up the rest. Under tests nothing is committed."""
    env = records.env
    auto_commit = not getattr(threading.current_thread(), "testing", False)
    total = len(records)
    done = 0
    for batch in split_every(size, records.ids, records.browse):
        yield batch
        done += len(batch)
        env["ir.cron"]._notify_progress(done=done, remaining=total - done)
        if auto_commit:
            env.cr.commit()
