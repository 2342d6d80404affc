"""Dagster definitions: the reliability pipeline as assets, its Meltano jobs and schedules.

- **Raw tables** (group `raw`): one multi-asset per extractor (`meltano run <tap>
  target-postgres`), whose assets are the dbt sources in the schema the extractor loads
  (its `load_schema`), so dbt's lineage starts at the Meltano load.
- **dbt** (`dagster-dbt`'s `@dbt_assets` on the project's manifest): every model, seed and
  snapshot, with the data tests as asset checks; dbt runs as the Meltano utility
  `dbt-postgres` (`reliability-dbt`), so its connection is the Meltano environment's.
- **After dbt**: `raw_retention` (the purge and the retention check: docs/retention.md),
  `reliability_report` (`warehouse:report`, after the marts of the dbt exposure
  `reliability_report`) and `notifications` (`notifier:notify`, after the report and
  `alert_breaches`).
- **Jobs**: one Dagster job per Meltano job (names with `_` for `-`), selecting the assets its
  tasks produce; **schedules**: meltano.yml's, same names, cron and UTC, targeting those jobs
  (created stopped, as Dagster's are).

Load it with `dagster definitions validate -m reliability_orchestrate.definitions` (or
`meltano invoke dagster:validate`). Meltano's environment is `MELTANO_ENVIRONMENT` (else the
project's default, dev). docs/orchestration.md.
"""

# No `from __future__ import annotations`: Dagster reads the decorated functions' annotations.
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetsDefinition,
    AssetSelection,
    AssetSpec,
    Definitions,
    MaterializeResult,
    ScheduleDefinition,
    asset,
    define_asset_job,
    multi_asset,
)
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from reliability_orchestrate.manifest import prepare_manifest
from reliability_orchestrate.meltano import MeltanoProject, el_blocks, split_task

#: Tasks that start services rather than produce data (the demo job's first task).
SERVICE_TASKS = {"warehouse:start", "sandbox:start", "warehouse:stop", "sandbox:stop"}

PROJECT = MeltanoProject.load()
MANIFEST: dict[str, Any] = json.loads(prepare_manifest(PROJECT).read_text())
TRANSLATOR = DagsterDbtTranslator()


def dbt_key(unique_id: str) -> AssetKey:
    """The asset key dagster-dbt gives a dbt node or source."""
    return TRANSLATOR.get_asset_spec(MANIFEST, unique_id, None).key


def exposure_keys(name: str) -> list[AssetKey]:
    """The assets a dbt exposure depends on (what a consumer outside dbt reads)."""
    exposure = MANIFEST["exposures"][f"exposure.{MANIFEST['metadata']['project_name']}.{name}"]
    return [dbt_key(uid) for uid in exposure["depends_on"]["nodes"]]


def _log(context: AssetExecutionContext) -> Callable[[str], None]:
    return context.log.info


# ---------------------------------------------------------------------- raw (Meltano EL)
def el_asset(blocks: tuple[str, ...]) -> AssetsDefinition:
    """`meltano run <extractor> [<mapping> ...] <loader>`: the raw tables dbt reads from it."""
    extractor, loader = blocks[0], blocks[-1]
    schema = PROJECT.load_schemas[extractor]
    sources = SOURCES_BY_EXTRACTOR[extractor]
    specs = [
        AssetSpec(
            dbt_key(uid),
            group_name="raw",
            kinds={"meltano", "postgres"},
            description=f"{schema}.{MANIFEST['sources'][uid]['name']}, loaded by "
            + " ".join(blocks),
        )
        for uid in sources
    ]

    @multi_asset(name=f"{extractor}_to_{loader}".replace("-", "_"), specs=specs)
    def _load(context: AssetExecutionContext) -> Iterator[MaterializeResult]:
        PROJECT.run("run", *blocks, log=_log(context))
        for spec in specs:
            yield MaterializeResult(asset_key=spec.key)

    return _load


def _sources_by_extractor(extractors: list[str]) -> dict[str, list[str]]:
    """The dbt sources each extractor loads: those in its load_schema.

    Where several extractors load one schema (the survey: tap-google-sheets and
    tap-survey-csv into raw_survey), a source table goes to the one its description names,
    else to the first of them in the jobs' order.
    """
    sharing: dict[str, list[str]] = {}
    for extractor in extractors:
        sharing.setdefault(PROJECT.load_schemas[extractor], []).append(extractor)
    owned: dict[str, list[str]] = {extractor: [] for extractor in extractors}
    for uid, source in sorted(MANIFEST["sources"].items()):
        candidates = sharing.get(source["schema"], [])
        if not candidates:
            continue
        named = [e for e in candidates if e in (source.get("description") or "")]
        owned[named[0] if len(named) == 1 else candidates[0]].append(uid)
    return owned


def _el_blocks_by_pair() -> dict[tuple[str, str], tuple[str, ...]]:
    """One extract-load block per (extractor, loader): the longest the jobs use.

    A mapping between tap and target (the survey's privacy mapper) belongs to the block, and
    where two jobs load one extractor differently the one with the mapping is kept: the raw
    tables are one asset, loaded one way.
    """
    chosen: dict[tuple[str, str], tuple[str, ...]] = {}
    for tasks in PROJECT.jobs.values():
        for blocks in el_blocks(tasks):
            pair = (blocks[0], blocks[-1])
            if blocks[0] in PROJECT.load_schemas and len(blocks) > len(chosen.get(pair, ())):
                chosen[pair] = blocks
    return chosen


_BLOCKS = _el_blocks_by_pair()
SOURCES_BY_EXTRACTOR = _sources_by_extractor(list(dict.fromkeys(p[0] for p in _BLOCKS)))
#: One asset per extractor and loader (an extractor whose schema holds no dbt source has none).
EL_ASSETS: dict[tuple[str, str], AssetsDefinition] = {
    pair: el_asset(blocks) for pair, blocks in _BLOCKS.items() if SOURCES_BY_EXTRACTOR[pair[0]]
}


# ---------------------------------------------------------------------- dbt
def _dbt_executable() -> str:
    """`reliability-dbt`, beside this interpreter (the utility's virtualenv)."""
    return str(Path(sys.executable).parent / "reliability-dbt")


@dbt_assets(manifest=MANIFEST, dagster_dbt_translator=TRANSLATOR, name="reliability_dbt")
def reliability_dbt(context: AssetExecutionContext, dbt: DbtCliResource) -> Iterator[Any]:
    """`dbt build` of the selected models, seeds and snapshots with their tests."""
    yield from dbt.cli(["build"], context=context).stream()


DBT_KEYS = sorted(reliability_dbt.keys, key=lambda key: key.to_user_string())


# ---------------------------------------------------------------------- after dbt
@asset(group_name="transform", kinds={"dbt"}, deps=DBT_KEYS)
def raw_retention(context: AssetExecutionContext) -> None:
    """Raw rows past their retention purged, then checked (the transform job's last steps).

    After the build, as in Meltano's `transform` job: the marts that keep history have
    recomputed every month still whole in raw before the purge deletes (docs/retention.md).
    """
    PROJECT.run("run", "dbt-postgres:purge", "dbt-postgres:retention-check", log=_log(context))


@asset(group_name="report", kinds={"html"}, deps=exposure_keys("reliability_report"))
def reliability_report(context: AssetExecutionContext) -> MaterializeResult:
    """The terminal summary and the HTML report (`warehouse:report`), from the marts only."""
    lines: list[str] = []

    def keep(line: str) -> None:
        lines.append(line)
        context.log.info(line)

    PROJECT.run("invoke", "warehouse:report", log=keep)
    written = [line.split()[-1] for line in lines if line.rstrip().endswith(".html")]
    return MaterializeResult(metadata={"path": written[-1]} if written else {})


@asset(
    group_name="report",
    kinds={"python"},
    deps=[*exposure_keys("reliability_notifier"), reliability_report],
)
def notifications(context: AssetExecutionContext) -> None:
    """`notifier:notify`: alert_breaches routed to the owning teams (docs/alerting.md).

    With `NOTIFIER_OUTBOX_DIR` set, channels without their secrets here are written there
    instead (the demo's and the tests' way); in production the channels' secrets are set.
    """
    PROJECT.run("invoke", "notifier:notify", log=_log(context))


# ---------------------------------------------------------------------- jobs and schedules
BLOCK_ASSETS: dict[str, AssetsDefinition] = {
    "dbt-postgres:build": reliability_dbt,
    "dbt-postgres:run": reliability_dbt,
    # Meltano's frequent build (transform/scripts/scheduled_build.py) selects what new source
    # rows reach from a saved dbt state; under Dagster the same job materialises the dbt
    # assets, and choosing which ones is Dagster's (asset selection, automation conditions).
    "dbt-postgres:build-changed": reliability_dbt,
    "dbt-postgres:purge": raw_retention,
    "dbt-postgres:retention-check": raw_retention,
    "warehouse:report": reliability_report,
    "warehouse:report-html": reliability_report,
    "notifier:notify": notifications,
    "notifier:notify-outbox": notifications,
}


def task_assets(task: str) -> list[AssetsDefinition]:
    """The assets a Meltano job's task materialises (a service start materialises none)."""
    loads = list(el_blocks([task]))
    missing = [b for b in loads if (b[0], b[-1]) not in EL_ASSETS]
    if missing:
        msg = f"no Dagster asset for the load {' '.join(missing[0])!r}: no dbt source in its schema"
        raise ValueError(msg)
    found = [EL_ASSETS[(blocks[0], blocks[-1])] for blocks in loads]
    in_loads = {block for blocks in loads for block in blocks}
    for block in split_task(task):
        if block in in_loads or block in SERVICE_TASKS:
            continue
        if block not in BLOCK_ASSETS:
            msg = f"no Dagster asset for the Meltano task block {block!r} (in {task!r})"
            raise ValueError(msg)
        found.append(BLOCK_ASSETS[block])
    return found


def dagster_name(meltano_name: str) -> str:
    """Dagster names allow letters, digits and `_` only."""
    return meltano_name.replace("-", "_").replace(":", "__")


def job_for(name: str, tasks: list[str]) -> Any:  # noqa: ANN401 - Dagster's unresolved job
    """A Meltano job as a Dagster asset job over what its tasks materialise."""
    assets = {id(a): a for task in tasks for a in task_assets(task)}.values()
    return define_asset_job(
        dagster_name(name),
        selection=AssetSelection.assets(*assets),
        description=f"The Meltano job {name}: " + "; ".join(tasks),
        tags={"meltano/job": name},
    )


JOBS = {name: job_for(name, tasks) for name, tasks in PROJECT.jobs.items()}
SCHEDULES = [
    ScheduleDefinition(
        name=dagster_name(schedule.name),
        cron_schedule=schedule.interval,
        job=JOBS[schedule.job],
        execution_timezone="UTC",
        description=f"Meltano schedule {schedule.name}: job {schedule.job}",
    )
    for schedule in PROJECT.schedules
]

defs = Definitions(
    assets=[*EL_ASSETS.values(), reliability_dbt, raw_retention, reliability_report, notifications],
    jobs=list(JOBS.values()),
    schedules=SCHEDULES,
    resources={
        "dbt": DbtCliResource(
            project_dir=os.fspath(PROJECT.root / "transform"),
            profiles_dir=os.fspath(PROJECT.root / "transform" / "profiles"),
            dbt_executable=_dbt_executable(),
        )
    },
)
