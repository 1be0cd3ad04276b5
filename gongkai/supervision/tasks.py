"""Background work of the supervision app (run by ``manage.py db_worker``)."""

from __future__ import annotations

from gongkai.site.tasking import task


@task()
def read_batch(batch_id: int) -> int:
    """Read the files of an uploaded batch, one after another, recording
    progress; see ``services.run_batch``."""
    from . import services

    services.run_batch(batch_id)
    return batch_id
