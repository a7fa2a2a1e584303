"""The local-cluster helpers (no JVM started here): master parsing, the private SPARK_HOME that keeps
executor work directories and logs out of pyspark's install, and its removal."""

from __future__ import annotations

import os

import pytest

from riskaudit.engine._spark_cluster import (
    is_local_cluster,
    local_cluster_worker_mib,
    private_spark_home,
    remove_spark_home,
)


@pytest.mark.parametrize(
    ("master", "cluster", "mib"),
    [
        ("local-cluster[2,1,1024]", True, 1024),
        ("local-cluster[2, 1, 2048]", True, 2048),
        ("local[2]", False, None),
        ("spark://host:7077", False, None),
        ("local-cluster[2,1]", True, None),
        (None, False, None),
    ],
)
def test_master_parsing(master, cluster, mib):
    assert is_local_cluster(master) is cluster
    assert local_cluster_worker_mib(master) == mib


def test_private_spark_home_links_pyspark_and_owns_its_work_dir(tmp_path):
    pyspark = pytest.importorskip("pyspark")
    src = os.path.dirname(os.path.abspath(pyspark.__file__))
    home = private_spark_home(str(tmp_path))
    assert os.path.dirname(home) == str(tmp_path)
    # the executors' classpath and the launch scripts resolve to pyspark's own files
    assert os.path.realpath(os.path.join(home, "jars")) == os.path.realpath(os.path.join(src, "jars"))
    assert os.path.isfile(os.path.join(home, "bin", "spark-submit"))
    work = os.path.join(home, "work")
    assert os.path.isdir(work) and not os.path.islink(work)
    assert oct(os.stat(work).st_mode & 0o777) == "0o700"
    (open(os.path.join(work, "stderr"), "w")).close()  # an executor log
    remove_spark_home(home)
    assert not os.path.exists(home)
    assert os.path.isdir(os.path.join(src, "jars"))  # only the links went
    assert not os.path.exists(os.path.join(src, "work", "stderr"))


def test_remove_spark_home_refuses_other_directories(tmp_path):
    d = tmp_path / "not-ours"
    d.mkdir()
    remove_spark_home(str(d))
    assert d.is_dir()
