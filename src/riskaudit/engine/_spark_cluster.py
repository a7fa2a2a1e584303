"""A local Spark cluster for tests and benchmarks, and the job counter that reports Spark's work per step.

``local-cluster[W,C,M]`` (W workers of C cores and M MiB each) runs a standalone master and its workers
inside the driver JVM and each worker's executor as a separate JVM: the tasks, the shuffles between
executors and the cached blocks are those of a real cluster, on one machine. It needs ``SPARK_HOME`` for
the executors' classpath (``jars/``), and each worker writes its executors' work directory, stdout and
stderr (where a failed task's log line can quote a cell value) under ``$SPARK_HOME/work``. With a pip
install of pyspark that would be inside ``site-packages``, shared by every user of the environment, so
:func:`private_spark_home` builds a private ``SPARK_HOME``: symbolic links to pyspark's own files and a
``work/`` directory of its own, removed when the session is stopped (:class:`SparkEngine` does this).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any

__all__ = [
    "is_local_cluster",
    "local_cluster_worker_mib",
    "private_spark_home",
    "spark_job_count",
    "remove_spark_home",
]


def is_local_cluster(master: str | None) -> bool:
    """``local-cluster[W,C,M]``: executors in their own JVMs, started by the driver."""
    return bool(master) and str(master).replace(" ", "").startswith("local-cluster[")


def local_cluster_worker_mib(master: str | None) -> int | None:
    """The memory of each worker (MiB, the third number) of a ``local-cluster[W,C,M]`` master, else None.
    An executor asking for more than its worker has is never launched and the first job waits forever."""
    if not is_local_cluster(master):
        return None
    inner = str(master).replace(" ", "")[len("local-cluster[") :].rstrip("]").split(",")
    try:
        return int(inner[2])
    except (IndexError, ValueError):
        return None


def private_spark_home(parent: str | None = None) -> str:
    """A new directory that serves as ``SPARK_HOME`` for pyspark's files (symbolic links) with its own
    empty ``work/``; ``parent`` defaults to the system temp dir. Remove it with :func:`remove_spark_home`."""
    import pyspark

    src = os.path.dirname(os.path.abspath(pyspark.__file__))
    if parent:
        os.makedirs(parent, exist_ok=True)
    home = tempfile.mkdtemp(prefix="riskaudit-spark-home-", dir=parent)
    for entry in os.listdir(src):
        if entry in ("work", "__pycache__"):
            continue
        os.symlink(os.path.join(src, entry), os.path.join(home, entry))
    os.mkdir(os.path.join(home, "work"), 0o700)
    return home


def remove_spark_home(home: str | None) -> None:
    """Delete a directory made by :func:`private_spark_home` (links only: pyspark's files stay)."""
    if home and os.path.basename(home).startswith("riskaudit-spark-home-"):
        shutil.rmtree(home, ignore_errors=True)


def spark_job_count(session: Any) -> int | None:
    """How many Spark jobs the session's context has started so far (its next job id: ids are sequential
    from 0 and every job, including the map-stage jobs adaptive execution submits, takes one).
    ``None`` when the scheduler cannot be asked (a Spark Connect session, another Spark version)."""
    try:
        return int(session.sparkContext._jsc.sc().dagScheduler().nextJobId().get())
    except Exception:
        pass
    try:  # fallback: the jobs the status tracker still holds (spark.ui.retainedJobs, default 1000)
        tracker = session.sparkContext.statusTracker()
        ids = list(tracker.getJobIdsForGroup(None))
        return (max(ids) + 1) if ids else 0
    except Exception:
        return None
