"""The dbt project compiles for Redshift, offline: every model, with Redshift's dialect.

dbt-redshift cannot talk to Postgres, and no Redshift is reachable here, so this is the
portability check the warehouse-free CI can make: `dbt compile --no-populate-cache` against
the `redshift` target must succeed, and the dispatched macros must render their Redshift
variants.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_model_compiles_for_redshift(tmp_path):
    env = {
        **os.environ,
        "MELTANO_SEND_ANONYMOUS_USAGE_STATS": "false",
        # A target path of its own: the Postgres builds of other tests use transform/target.
        "DBT_TARGET_PATH": str(tmp_path / "target"),
        "DBT_LOG_PATH": str(tmp_path / "logs"),
    }
    done = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "meltano"), "invoke", "dbt-redshift:compile"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    assert "target='redshift'" in done.stdout
    compiled = tmp_path / "target" / "compiled" / "reliability" / "models"
    models = {p.stem for p in compiled.rglob("*.sql")}
    sources = {p.stem for p in (ROOT / "transform" / "models").rglob("*.sql")}
    assert sources <= models, sorted(sources - models)
    pages = next(compiled.rglob("int_pagerduty_log_entries_filtered_to_pages.sql")).read_text()
    assert "convert_timezone('UTC'" in pages
    assert " at time zone " not in pages
