"""Every staging table with a load time is in the daily data-quality report's stream list.

int_source_stream_loads_daily lists the streams by hand (dbt needs its refs at parse time);
a new staging model would otherwise be silently missing from data_quality_daily and from
the freshness and volume alerts.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGING = ROOT / "transform" / "models" / "staging"
LOADS = ROOT / "transform" / "models" / "intermediate" / "data_quality"
OWNERS = ROOT / "transform" / "seeds" / "source_owners.csv"


def listed_streams() -> set[tuple[str, str]]:
    sql = (LOADS / "int_source_stream_loads_daily.sql").read_text()
    return set(re.findall(r"\('(\w+)', '(\w+)'\)", sql))


def test_every_staging_model_with_a_load_time_is_listed():
    staged = {
        tuple(path.stem.removeprefix("stg_").split("__", 1))
        for path in STAGING.glob("*/stg_*__*.sql")
        if "loaded_at" in path.read_text()
    }
    assert staged, "no staging models found"
    assert staged - listed_streams() == set()
    # And nothing listed that has no staging model (dbt would fail on the ref anyway).
    assert listed_streams() - staged == set()


def test_every_listed_source_has_an_owner():
    with OWNERS.open() as f:
        owners = {row["source"] for row in csv.DictReader(f)}
    assert {source for source, _ in listed_streams()} <= owners
