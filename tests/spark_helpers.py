"""The Spark session the Spark tests share: ``local[2]`` by default, or the master named by the
``RISKAUDIT_SPARK_MASTER`` environment variable, e.g. a two-worker cluster on this machine::

    RISKAUDIT_SPARK_MASTER='local-cluster[2,1,1024]' python -m pytest -m spark -p no:xdist

A ``local-cluster`` master gets a private ``SPARK_HOME`` under the test's temp dir (executor work
directories and logs land there, not in pyspark's install; see ``riskaudit.engine._spark_cluster``).
"""

from __future__ import annotations

import atexit
import os
from pathlib import Path
from typing import Any

SPARK_MASTER_ENV = "RISKAUDIT_SPARK_MASTER"


def spark_master() -> str:
    return os.environ.get(SPARK_MASTER_ENV, "").strip() or "local[2]"


def spark_test_session(tmp: Path | None = None, **conf: str) -> Any:
    """``SparkSession.builder.master(spark_master())`` with the UI off, UTC and ``conf``; ``getOrCreate``
    (a session already running in this process is returned as it is, whatever its master)."""
    from pyspark import SparkContext
    from pyspark.sql import SparkSession

    from riskaudit.engine._spark_cluster import is_local_cluster, private_spark_home, remove_spark_home

    master = spark_master()
    builder = SparkSession.builder.master(master).appName("riskaudit-tests")
    settings = {
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.session.timeZone": "UTC",
        **conf,
    }
    for k, v in settings.items():
        builder = builder.config(k, v)
    launch = is_local_cluster(master) and not os.environ.get("SPARK_HOME") and SparkContext._gateway is None
    if not launch:
        return builder.getOrCreate()
    home = private_spark_home(str(tmp) if tmp is not None else None)
    atexit.register(remove_spark_home, home)  # the executors' work directories and logs
    os.environ["SPARK_HOME"] = home
    try:
        return builder.getOrCreate()
    finally:
        os.environ.pop("SPARK_HOME", None)
