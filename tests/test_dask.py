"""The parse stage on a Dask cluster (prefect-dask), configured by a scheduler address.

A real ``distributed.LocalCluster`` (two worker processes) stands in for a remote cluster:
the flow is given only its scheduler address, as it would be given ``tcp://host:8786``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from pipelines import inbox, landing, prefect_env
from pipelines.parse_batch import parse_chunk_tables
from pipelines.settings import Settings

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("prefect_api")]


@pytest.fixture(scope="module")
def cluster(prefect_api: str) -> Iterator[dict]:
    from distributed import Client, LocalCluster

    # Workers inherit PREFECT_API_URL (the session's server) from the environment.
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as lc, \
            Client(lc) as client:
        pids = set(client.run(os.getpid).values())
        yield {"address": lc.scheduler_address, "worker_pids": pids}


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from pipelines.samples import generate_corpus

    raw = tmp_path_factory.mktemp("dask") / "raw"
    generate_corpus(raw, 6, seed=12)
    return raw


def test_parse_chunks_run_on_the_cluster_workers(cluster: dict, raw: Path, tmp_path: Path) -> None:
    settings = Settings(raw_dir=raw, warehouse_dir=tmp_path / "wh", chunk_size=2, dask_address=cluster["address"])
    prefect_env.configure(settings)
    from prefect import flow

    from pipelines import parse_stage

    files = inbox.discover(raw)

    @flow(name="parse-on-dask-test")
    def parse_on_dask() -> list:
        return parse_stage.run_chunks(settings, files, "b1")

    results = parse_on_dask()
    assert len(results) == 3  # 6 files in chunks of 2
    assert {int(r.worker.rsplit(":", 1)[1]) for r in results} <= cluster["worker_pids"]
    assert os.getpid() not in {int(r.worker.rsplit(":", 1)[1]) for r in results}
    local = parse_chunk_tables(files, "b1")
    assert [r.source_file for res in results for r in res.records] == [r.source_file for r in local.records]
    assert all(r.status == "loaded" for res in results for r in res.records)
    for name, table in local.tables.items():
        assert sum(res.tables[name].num_rows for res in results) == table.num_rows, name


def test_a_run_parsed_on_dask_publishes_and_the_landing_zone_reads_directly(cluster: dict, raw: Path,
                                                                              tmp_path: Path) -> None:
    settings = Settings(raw_dir=raw, warehouse_dir=tmp_path / "wh", chunk_size=2, dask_address=cluster["address"])
    prefect_env.configure(settings)
    from pipelines.flows.ingest import ingest

    summary = ingest(settings)
    assert summary["published"] is True
    assert summary["files"]["loaded"] == 6
    with duckdb.connect(str(settings.published_path), read_only=True) as con:
        published = con.execute("""
            select fiscal_year, count(*)
            from (select fiscal_year from fct_budget_amounts union all select fiscal_year from fct_budget_changes)
            group by 1 order by 1""").fetchall()
    # Another engine reads the landing zone as it is: Hive partitions + the manifest's committed batches.
    land = settings.landing_dir
    direct = duckdb.sql(f"""
        select a.fiscal_year, count(*)
        from read_parquet('{land}/amounts/fiscal_year=*/*.parquet', hive_partitioning=true) a
        semi join (select report_id, batch_id from '{land}/manifest.parquet' where status = 'loaded') m
            using (report_id, batch_id)
        group by 1 order by 1""").fetchall()
    assert direct == published
    assert sum(n for _, n in direct) == summary["landed_rows"]["amounts"] > 0
    assert landing.batch_files(settings, "amounts", summary["run_id"])
