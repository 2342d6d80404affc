"""The schedules run jobs that exist, every source is scheduled, and the order holds.

`meltano schedule list` lists them (docs/alerting.md); this checks the same files without
starting Meltano: a schedule naming a missing job would only fail when cron fires it.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

# One cron field: *, a number, a list or range of numbers, optionally /step.
CRON_FIELD = re.compile(r"^(\*|\d+(-\d+)?(,\d+(-\d+)?)*)(/\d+)?$")

ROOT = Path(__file__).resolve().parents[1]


def project_files() -> list[dict]:
    return [yaml.safe_load(p.read_text()) or {} for p in (ROOT / "meltano").glob("*.meltano.yml")]


def test_every_schedule_runs_an_existing_job_on_a_valid_cron():
    jobs = {job["name"]: job for f in project_files() for job in f.get("jobs", [])}
    schedules = [s for f in project_files() for s in f.get("schedules", [])]
    assert schedules
    for schedule in schedules:
        assert schedule["job"] in jobs, schedule
        fields = schedule["interval"].split()
        assert len(fields) == 5, schedule
        assert all(CRON_FIELD.match(field) for field in fields), schedule


def test_every_extract_load_job_is_scheduled_and_notify_runs_after_the_transform():
    jobs = {job["name"] for f in project_files() for job in f.get("jobs", [])}
    by_job = {s["job"]: s["interval"] for f in project_files() for s in f.get("schedules", [])}
    assert {job for job in jobs if job.endswith("-el")} <= set(by_job)
    # Hourly: sources at minutes 5-15, the transform at 40, report and notifier at 50.
    minute = {job: int(interval.split()[0]) for job, interval in by_job.items()}
    hourly_sources = [j for j, i in by_job.items() if j.endswith("-el") and i.split()[1] == "*"]
    assert max(minute[j] for j in hourly_sources) < minute["transform"]
    assert minute["transform"] < minute["report-and-notify"]
