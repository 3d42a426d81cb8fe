"""Where everything lives. One ``Settings`` object drives the CLI, the flow and the tests.

Warehouse folder layout (everything generated; only ``warehouse/README.md`` is committed)::

    warehouse/
      jixiao.duckdb              the published warehouse (swapped in atomically)
      landing/<table>/<batch>.parquet   landed rows, one file per table per batch
      landing/manifest.parquet   every inbox file and its fate; the commit point of landing
      landing/.tmp/              files being written (never read)
      published/                 previous published versions, for ``jixiao rollback``
      dq/                        validation results and Data Docs
      runs/                      one JSON summary per run
      state/                     Prefect home, dbt target/logs, build files, the run lock
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
VOCAB_DIR = DBT_PROJECT_DIR / "seeds"  # measure/phase/classification vocabularies (also dbt seeds)

PUBLISHED_NAME = "jixiao.duckdb"


@dataclass
class Settings:
    """Run settings with defaults (``raw/`` in, ``warehouse/`` out)."""

    raw_dir: Path = field(default_factory=lambda: PROJECT_ROOT / "raw")
    warehouse_dir: Path = field(default_factory=lambda: PROJECT_ROOT / "warehouse")
    chunk_size: int = 50  # files parsed per Prefect task (per-task overhead is 5-36 ms)
    workers: int | None = None  # parsing processes (None: every core; 1: in the flow's process)
    dask_address: str | None = None  # parse on a Dask cluster: "local" or a scheduler address
    keep_versions: int = 3  # previous published versions kept for rollback
    prune: bool = False  # forget reports whose files left the inbox
    expectations_dir: Path = EXPECTATIONS_DIR  # the quality rules (expectations/*.yml)

    def __post_init__(self) -> None:
        self.raw_dir = Path(self.raw_dir).resolve()
        self.warehouse_dir = Path(self.warehouse_dir).resolve()
        self.expectations_dir = Path(self.expectations_dir).resolve()
        if self.chunk_size < 1:
            raise ValueError(f"chunk_size must be >= 1, got {self.chunk_size}")
        if self.workers is not None and self.workers < 1:
            raise ValueError(f"workers must be >= 1, got {self.workers}")
        if self.keep_versions < 0:
            raise ValueError(f"keep_versions must be >= 0, got {self.keep_versions}")

    @property
    def published_path(self) -> Path:
        return self.warehouse_dir / PUBLISHED_NAME

    @property
    def landing_dir(self) -> Path:
        return self.warehouse_dir / "landing"

    @property
    def manifest_path(self) -> Path:
        return self.landing_dir / "manifest.parquet"

    @property
    def versions_dir(self) -> Path:
        return self.warehouse_dir / "published"

    @property
    def dq_dir(self) -> Path:
        return self.warehouse_dir / "dq"

    @property
    def runs_dir(self) -> Path:
        return self.warehouse_dir / "runs"

    @property
    def state_dir(self) -> Path:
        return self.warehouse_dir / "state"

    @property
    def prefect_home(self) -> Path:
        return self.state_dir / "prefect"

    @property
    def build_dir(self) -> Path:
        return self.state_dir / "build"

    @property
    def lock_path(self) -> Path:
        return self.state_dir / "run.lock"
