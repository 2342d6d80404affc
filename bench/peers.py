"""The project's taps side by side with the installable peers, against one sandbox.

Usage (from the project root):

    .venv/bin/python bench/peers.py              # the issue's sizes, ~30-60 minutes
    .venv/bin/python bench/peers.py --quick      # small worlds, a smoke run (a few minutes)
    .venv/bin/python bench/peers.py --work sentry-sparse --work pd-150ms
    .venv/bin/python bench/peers.py --work gh-150ms --no-peer --repeat 3 \
        --ours-config '{"max_concurrency": 12}' --ours-config '{"max_concurrency": 16}'

The peers are installed from PyPI, pinned, each into a virtualenv of its own under
`.bench/peers/` (git-ignored), with the project's uv, on first use:
`tap-pagerduty` 0.3.0, `meltanolabs-tap-github` 1.30.1, `airbyte-source-sentry` 0.6.11.

Each work row gets one world, served by `reliability-sandbox`'s `Sandbox` in a process of
its own (this script with `--serve`, so that the taps it starts do not inherit a large
parent's peak RSS); the same sandbox serves the peer and our tap, one after the other, with
latency set through `PUT /_sandbox/faults`. Every tap runs as a process with one stream
selected; the script counts RECORD lines in the pipe (Singer and Airbyte messages alike,
without parsing JSON), times the run, reads the tap's peak RSS and CPU from `wait4`, and the
sandbox's request counter. A measurement, never a test: nothing is asserted. JSON goes to
output/bench/peers-<timestamp>.json.

None of the peers can be pointed at `http://127.0.0.1` by configuration alone; each is
started through a few lines of Python (`LAUNCH` below) that change only that:

- tap-pagerduty: its base URL is a class constant (`PagerdutyStream.BASE_URL`), set to the
  sandbox; it sends `Authorization: Token token= <token>` (with a space), which PagerDuty
  tolerates and the sandbox does not, so the space is dropped. Per incident it reads the
  log entries and `/incidents/{id}/alerts`, which the sandbox does not serve: the request
  is still made (and counted, latency included), and its 404 is read as "no alerts".
- meltanolabs-tap-github: `api_url_base` is its own setting; but it validates every token
  against `https://api.github.com/rate_limit` first (no network here), so that check
  is replaced by "the token is set". It is configured with `organizations` (the org's
  repository list, REST), not `repositories`, which resolves names through GraphQL, which
  the sandbox does not serve.
- airbyte-source-sentry: `hostname` is its setting, but its manifest builds
  `https://{hostname}/api/0/`; the manifest is read with `http://` instead. It lists a
  project's issues with Sentry's project endpoint (`projects/{org}/{project}/issues/`),
  which the sandbox does not serve; the manifest's issues path becomes the organization's
  list filtered to that project (`organizations/{org}/issues/?project=<id>`), the same
  pages, cursor and query. The worlds of the Sentry rows have one project, so both taps
  read the same issues.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from _harness import BIN, ROOT, http_json, log, start_sandbox

PEERS_DIR = ROOT / ".bench" / "peers"
#: venv name -> (pinned requirement, console script)
PEERS = {
    "tap-pagerduty": ("tap-pagerduty==0.3.0", "tap-pagerduty"),
    "meltanolabs-tap-github": ("meltanolabs-tap-github==1.30.1", "tap-github"),
    "airbyte-source-sentry": ("airbyte-source-sentry==0.6.11", "source-sentry"),
}
#: `python -c` preambles that point each peer at a plain-HTTP sandbox (see the docstring);
#: the sandbox URL, where one is needed, is the first argument.
LAUNCH = {
    "tap-pagerduty": (
        "import sys, tap_pagerduty, tap_pagerduty.streams as s\n"
        "s.PagerdutyStream.BASE_URL = sys.argv.pop(1)\n"
        "headers = s.PagerdutyStream._construct_headers\n"
        "def fixed(self):\n"
        "    h = headers(self)\n"
        "    h['Authorization'] = h['Authorization'].replace('token= ', 'token=')\n"
        "    return h\n"
        "s.PagerdutyStream._construct_headers = fixed\n"
        "listing = s.PagerdutyStream._list_resource\n"
        "def alerts_or_none(self, url_suffix, params=None):\n"
        "    try:\n"
        "        return listing(self, url_suffix, params)\n"
        "    except s.requests.HTTPError as e:\n"
        "        if not url_suffix.endswith('/alerts') or e.response.status_code != 404:\n"
        "            raise\n"
        "        return s.PagerdutyResponse(self, url_suffix, params, {'alerts': []})\n"
        "s.PagerdutyStream._list_resource = alerts_or_none\n"
        "tap_pagerduty.main()\n"
    ),
    "meltanolabs-tap-github": (
        "from tap_github.authenticator import PersonalTokenManager\n"
        "from tap_github.tap import TapGitHub\n"
        "PersonalTokenManager.is_valid_token = lambda self: bool(self.token)\n"
        "TapGitHub.cli()\n"
    ),
    "airbyte-source-sentry": (
        "from airbyte_cdk.sources.declarative.yaml_declarative_source import"
        " YamlDeclarativeSource as Y\n"
        "read = Y._read_and_parse_yaml_file\n"
        "def plain(self, path):\n"
        "    m = read(self, path)\n"
        "    r = m['definitions']['requester']\n"
        "    r['url_base'] = r['url_base'].replace('https://', 'http://', 1)\n"
        "    issues = m['definitions']['issues']\n"
        "    issues['$parameters']['path'] = (\n"
        "        \"organizations/{{ config['organization'] }}/issues/\")\n"
        "    params = issues['retriever']['requester']['request_parameters']\n"
        "    params['project'] = \"{{ config['project_id'] }}\"\n"
        "    return m\n"
        "Y._read_and_parse_yaml_file = plain\n"
        "from source_sentry.run import run\n"
        "run()\n"
    ),
}
SENTRY_ISSUES_PER_INCIDENT = 2.52  # the sandbox's generator: 8,000 incidents -> 20,184 issues
TYPE_RECORD = re.compile(rb'\{\s*"type":\s*"RECORD"')
STREAM = re.compile(rb'"stream":\s*"([^"]*)"')


@dataclass
class Work:
    """One row of the table: a world, a latency, the stream each side reads."""

    name: str
    title: str
    peer: str
    world: dict[str, Any]
    latency_ms: float = 0.0


def works(args: argparse.Namespace) -> list[Work]:
    """The issue's table, sized by the flags.

    The GitHub worlds have one repository (the monorepo shape, where a tap that holds a
    repository's records grows), the Sentry worlds one project (the Airbyte source reads one
    project per connection); every other knob is the `bench` preset's.
    """
    q = args.quick
    pd, pd_slow = (400, 60) if q else (args.pd_incidents, args.pd_latency_incidents)
    gh, gh_slow = (500, 200) if q else (args.gh_pulls, args.gh_latency_pulls)
    sn, sn_sparse, sn_dense = (1_000, 500, 1_000) if q else (args.sentry_issues, 500, 5_000)
    one_repo = {"services": 1, "teams": 1, "github_repos": 1, "incidents": 20}

    def sentry(issues: int, days: int) -> dict[str, Any]:
        incidents = max(1, round(issues / SENTRY_ISSUES_PER_INCIDENT))
        return {"services": 1, "teams": 1, "incidents": incidents, "history_days": days}

    return [
        Work("pd", f"PagerDuty incidents, {pd:,}, no latency", "tap-pagerduty", {"incidents": pd}),
        Work(
            "pd-150ms",
            f"PagerDuty incidents, {pd_slow:,}, 150 ms",
            "tap-pagerduty",
            {"incidents": pd_slow, "history_days": 180},
            150,
        ),
        Work(
            "gh",
            f"GitHub pull requests, 1 repository x {gh:,}",
            "meltanolabs-tap-github",
            {**one_repo, "github_pulls_per_repo": gh},
        ),
        Work(
            "gh-150ms",
            f"GitHub pull requests, 1 repository x {gh_slow:,}, 150 ms",
            "meltanolabs-tap-github",
            {**one_repo, "github_pulls_per_repo": gh_slow},
            150,
        ),
        Work(
            "sentry", f"Sentry issues, ~{sn:,}, 730 days", "airbyte-source-sentry", sentry(sn, 730)
        ),
        Work(
            "sentry-sparse",
            f"Sentry issues, ~{sn_sparse:,} over 90 days, 150 ms",
            "airbyte-source-sentry",
            sentry(sn_sparse, 90),
            150,
        ),
        Work(
            "sentry-dense",
            f"Sentry issues, ~{sn_dense:,} over 90 days, 150 ms",
            "airbyte-source-sentry",
            sentry(sn_dense, 90),
            150,
        ),
    ]


# ------------------------------------------------------------------ peers' virtualenvs
def peer_python(name: str) -> Path:
    """The peer's interpreter, installed (pinned, from PyPI) on first use."""
    requirement, script = PEERS[name]
    venv = PEERS_DIR / name
    marker = venv / "bench-requirement.txt"
    # Compiled at install, as scripts/bootstrap compiles ours (UV_COMPILE_BYTECODE): where
    # Python writes no bytecode itself, an uncompiled peer would pay ~1-2 CPU s per start.
    stamp = f"{requirement} --compile-bytecode"
    if not (marker.exists() and marker.read_text() == stamp):
        log(f"installing {requirement} into {venv.relative_to(ROOT)}")
        uv = BIN / "uv"
        subprocess.run(
            [str(uv), "venv", "-q", "--clear", "--python", sys.executable, str(venv)], check=True
        )
        subprocess.run(
            [
                str(uv),
                "pip",
                "install",
                "-q",
                "--compile-bytecode",
                "--python",
                str(venv / "bin" / "python"),
                requirement,
            ],
            check=True,
        )
        if not (venv / "bin" / script).exists():
            msg = f"{requirement} did not install {script}"
            raise RuntimeError(msg)
        marker.write_text(stamp)
    return venv / "bin" / "python"


# ------------------------------------------------------------------ the sandbox process
def serve(port: int, world: dict[str, Any]) -> None:
    """Serve one world until SIGTERM (`--serve`; runs in a process of its own)."""
    from reliability_sandbox import OrgConfig, Sandbox  # noqa: PLC0415

    # The world ends now: both sides read up to the clock, so a world that ended earlier
    # would add empty time windows (requests) to the taps that walk the range by windows.
    anchor = datetime.now(UTC).replace(second=0, microsecond=0)
    sandbox = Sandbox(OrgConfig.preset("bench", anchor=anchor, **world), port=port)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with sandbox:
        while True:
            time.sleep(3600)


def start_world(work: Work, workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    """This script with `--serve` on a free port; the process and its base URL."""
    cmd = [sys.executable, __file__, "--world", json.dumps(work.world), "--serve"]
    return start_sandbox("", workdir, 300, cmd)


# ------------------------------------------------------------------ running a tap
def record_stream(line: bytes) -> str | None:
    """The stream of a Singer or Airbyte RECORD message line; None for any other line.

    Singer: `{"type": "RECORD", "stream": ..., "record": ...}`; Airbyte:
    `{"type": "RECORD", "record": {"stream": ..., "data": ...}}`. Both put the type first
    and the stream before the data, so the first `"stream"` is the right one, found without
    parsing the JSON (this process must not compete with the tap for the CPU).
    """
    if not TYPE_RECORD.match(line):
        return None
    m = STREAM.search(line)
    return m.group(1).decode() if m else "?"


def run_counted(cmd: list[str], base: str, workdir: Path, tag: str) -> dict[str, Any]:
    """One run: RECORD lines per stream, wall, CPU, peak RSS, sandbox requests."""
    http_json(f"{base}/_sandbox/stats/reset", "POST")
    counts: Counter[str] = Counter()
    last_trace = b""
    err_path = workdir / f"{tag}.stderr"
    started = time.perf_counter()
    with err_path.open("wb") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, cwd=workdir)
        assert proc.stdout is not None  # noqa: S101 - Popen with PIPE
        for line in proc.stdout:
            stream = record_stream(line)
            if stream is not None:
                counts[stream] += 1
            elif b'"TRACE"' in line[:40] and b'"ERROR"' in line.upper():
                last_trace = line  # an Airbyte source reports its error on stdout
        _, status, rusage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    stats = http_json(f"{base}/_sandbox/stats")
    code = os.waitstatus_to_exitcode(status)
    tail = err_path.read_text(errors="replace").strip().splitlines()[-1:] if code else []
    if code and last_trace:
        tail = [last_trace.decode(errors="replace")]
    total = sum(counts.values())
    return {
        "returncode": code,
        "records": total,
        "by_stream": dict(counts),
        "wall_s": wall,
        "records_per_s": total / wall,
        "cpu_s": rusage.ru_utime + rusage.ru_stime,
        "max_rss_mib": rusage.ru_maxrss / 1024,
        "requests": stats["requests"],
        "statuses": stats.get("by_status", {}),
        "error": tail[0][-300:] if tail else None,
    }


def select(catalog: dict[str, Any], stream: str) -> dict[str, Any]:
    """A Singer catalog with only `stream` selected."""
    for entry in catalog["streams"]:
        for md in entry["metadata"]:
            if md["breadcrumb"] == []:
                md["metadata"]["selected"] = entry["tap_stream_id"] == stream
    return catalog


def write(workdir: Path, name: str, obj: Any) -> str:  # noqa: ANN401
    """`obj` as JSON in the work dir; its path."""
    path = workdir / name
    path.write_text(json.dumps(obj))
    return str(path)


def discover(cmd: list[str], workdir: Path) -> dict[str, Any]:
    """The output of a `--discover` (or Airbyte `discover`) run, parsed."""
    out = subprocess.run(cmd, capture_output=True, check=True, cwd=workdir).stdout
    # A Singer tap prints the catalog (indented), an Airbyte source messages, one per line.
    for text in (out, *out.splitlines()):
        try:
            msg: dict[str, Any] = json.loads(text)
        except ValueError:
            continue
        if msg.get("type") == "CATALOG":
            return msg["catalog"]
        if "streams" in msg:
            return msg
    raise RuntimeError("no catalog from " + cmd[0])


def commands(
    work: Work, base: str, workdir: Path, variants: list[dict[str, Any]]
) -> tuple[list[str], list[list[str]]]:
    """(peer command, our command per variant) for one work row, configs and catalogs written.

    Each variant's settings are merged into our tap's config (one config file each).
    """
    health = http_json(f"{base}/_sandbox/health")
    now = datetime.fromisoformat(health["now"])
    days = int(work.world.get("history_days", 730)) + 1
    start = (now - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
    py = str(peer_python(work.peer))
    launch = [py, "-c", LAUNCH[work.peer]]
    peer_cfg: dict[str, Any]
    ours_cfg: dict[str, Any]
    if work.peer == "tap-pagerduty":
        peer_cfg = {"token": "sandbox-pagerduty-token", "email": "bench@example.com"}
        peer_cfg["start_date"] = start
        cfg = write(workdir, "peer.json", peer_cfg)
        peer_base = [*launch, f"{base}/pagerduty", "--config", cfg]
        peer_cat = select(discover([*peer_base, "--discover"], workdir), "incidents")
        peer = [*peer_base, "--catalog", write(workdir, "peer-catalog.json", peer_cat)]
        ours_cfg = {"token": "sandbox-pagerduty-token", "api_url": f"{base}/pagerduty"}
        ours_cfg |= {"start_date": start, "requests_per_minute": 0}
        tap, stream = "tap-pagerduty", "incidents"
    elif work.peer == "meltanolabs-tap-github":
        token = "sandbox-github-token"  # noqa: S105 - the sandbox's public default token
        api = f"{base}/github"
        peer_cfg = {"auth_token": token, "api_url_base": api, "organizations": ["acme"]}
        peer_cfg["start_date"] = start
        cfg = write(workdir, "peer.json", peer_cfg)
        peer_base = [*launch, "--config", cfg]
        peer_cat = select(discover([*peer_base, "--discover"], workdir), "pull_requests")
        peer = [*peer_base, "--catalog", write(workdir, "peer-catalog.json", peer_cat)]
        ours_cfg = {"auth_token": token, "organizations": ["acme"], "api_url": api}
        tap, stream = "tap-github-reliability", "pull_requests"
    else:
        token = "sandbox-sentry-token"  # noqa: S105 - the sandbox's public default token
        project, project_id = _sentry_project(base, token)
        peer_cfg = {"auth_token": token, "hostname": f"{base.removeprefix('http://')}/sentry"}
        peer_cfg |= {"organization": "acme", "project": project, "project_id": project_id}
        cfg = write(workdir, "peer.json", peer_cfg)
        catalog = discover([*launch, "discover", "--config", cfg], workdir)
        issues = next(s for s in catalog["streams"] if s["name"] == "issues")
        configured = {
            "streams": [
                {"stream": issues, "sync_mode": "full_refresh", "destination_sync_mode": "append"}
            ]
        }
        cat = write(workdir, "peer-catalog.json", configured)
        peer = [*launch, "read", "--config", cfg, "--catalog", cat]
        ours_cfg = {"auth_token": token, "organization": "acme", "base_url": f"{base}/sentry"}
        ours_cfg |= {"start_date": start}
        tap, stream = "tap-sentry", "issues"
    return peer, ours_commands(tap, stream, ours_cfg, workdir, variants)


def ours_commands(
    tap: str, stream: str, config: dict[str, Any], workdir: Path, variants: list[dict[str, Any]]
) -> list[list[str]]:
    """Our tap's command per variant (its settings merged into `config`), `stream` selected."""
    compile_ours(tap)
    ours_exe = str(BIN / tap)
    config_path = write(workdir, "ours.json", config)
    ours_cat = select(discover([ours_exe, "--config", config_path, "--discover"], workdir), stream)
    ours_cat_path = write(workdir, "ours-catalog.json", ours_cat)
    ours = []
    for i, variant in enumerate(variants):
        path = write(workdir, f"ours-{i}.json", config | variant)
        ours.append([ours_exe, "--config", path, "--catalog", ours_cat_path])
    return ours


def compile_ours(tap: str) -> None:
    """Compile the tap's and the runtime's sources to bytecode, as the peers' are at install.

    scripts/bootstrap compiles what is installed into site-packages; the project's own
    packages are installed editable, so where Python writes no bytecode itself
    (PYTHONDONTWRITEBYTECODE, as on these machines) every start of our tap would compile
    them again (~0.1 CPU s), which no installed tap pays. `__pycache__` is git-ignored.
    """
    for path in (ROOT / "taps" / tap, ROOT / "runtime" / "reliability_tap_runtime"):
        compileall.compile_dir(path, quiet=1)


def _vendor_get(url: str, authorization: str) -> Any:  # noqa: ANN401
    """GET a vendor endpoint of the sandbox with a token; the decoded JSON answer."""
    req = urllib.request.Request(url, headers={"Authorization": authorization})  # noqa: S310
    with urllib.request.urlopen(req, timeout=60) as resp:  # noqa: S310 - a local URL
        return json.loads(resp.read())


def _sentry_project(base: str, token: str) -> tuple[str, str]:
    url = f"{base}/sentry/api/0/organizations/acme/projects/"
    project = _vendor_get(url, f"Bearer {token}")[0]
    return str(project["slug"]), str(project["id"])


def measure(
    work: Work, repeat: int, workdir: Path, variants: list[dict[str, Any]], *, peer_too: bool
) -> dict[str, Any]:
    """Peer and ours on one world, interleaved, `repeat` runs each; medians.

    With several variants of our config, each round runs the sides in an order rotated by
    one from the round before, so that none is always first (or always after the peer).
    """
    log(f"{work.name}: starting the sandbox for {work.world}")
    proc, base = start_world(work, workdir)
    sides = (["peer"] if peer_too else []) + [
        "ours" if i == 0 else f"ours-{i}" for i in range(len(variants))
    ]
    runs: dict[str, list[dict[str, Any]]] = {side: [] for side in sides}
    try:
        peer, ours = commands(work, base, workdir, variants)
        cmd = {"peer": peer} | {side: ours[i] for i, side in enumerate(sides[-len(ours) :])}
        http_json(f"{base}/_sandbox/faults", "PUT", {"latency_ms": work.latency_ms})
        for i in range(repeat):
            k = i % len(sides)
            for side in sides[k:] + sides[:k]:
                log(f"{work.name}: {side}, run {i + 1}/{repeat}")
                runs[side].append(run_counted(cmd[side], base, workdir, side))
                r = runs[side][-1]
                log(
                    f"  {r['records']:,} records in {r['wall_s']:.1f}s, "
                    f"{r['requests']:,} requests, exit {r['returncode']}"
                )
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    out: dict[str, Any] = {"work": work.name, "title": work.title, "peer_name": work.peer}
    out |= {"world": work.world, "latency_ms": work.latency_ms, "variants": variants}
    for side, results in runs.items():
        first = results[0]
        out[side] = {
            **first,
            "records_per_s": statistics.median(r["records_per_s"] for r in results),
            "max_rss_mib": max(r["max_rss_mib"] for r in results),
            "runs": [round(r["records_per_s"], 1) for r in results],
            "rss_runs": [round(r["max_rss_mib"], 1) for r in results],
        }
    return out


def cell(r: dict[str, Any]) -> str:
    """`rate, RSS, requests (records, exit)` of one side."""
    text = (
        f"{r['records_per_s']:,.0f} rec/s, {r['max_rss_mib']:.0f} MiB, "
        f"{r['requests']:,} req ({r['records']:,} rec"
    )
    return text + (f", exit {r['returncode']})" if r["returncode"] else ")")


def print_table(results: list[dict[str, Any]]) -> None:
    """The issue's table: a row per work (and per variant of our config)."""
    print("\n| work | peer | peer | ours | ratio (speed; RSS) |\n|---|---|---|---|---|")
    for r in results:
        if "error" in r:
            print(f"| {r['title']} | - | n/a | n/a | {r['error'][:80]} |")
            continue
        peer = r.get("peer")
        for i, variant in enumerate(r["variants"]):
            ours = r["ours" if i == 0 else f"ours-{i}"]
            title = r["title"] + (f" {json.dumps(variant)}" if variant else "")
            if peer is None:
                print(f"| {title} | - | - | {cell(ours)} | - |")
                continue
            # No ratio against a side that read nothing: 0x or infinite, not a speed.
            both = peer["records"] and ours["records"]
            speed = f"{ours['records_per_s'] / peer['records_per_s']:.1f}x" if both else "-"
            rss = ours["max_rss_mib"] / peer["max_rss_mib"]
            print(
                f"| {title} | {PEERS[r['peer_name']][0]} | {cell(peer)} | {cell(ours)} "
                f"| {speed}; {rss:.1f}x |"
            )


def main(argv: list[str] | None = None) -> int:
    """Run the rows and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small worlds: a smoke run")
    parser.add_argument("--work", action="append", default=None, help="only this row (repeatable)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each side (median)")
    parser.add_argument("--pd-incidents", type=int, default=20_000)
    parser.add_argument("--pd-latency-incidents", type=int, default=500)
    parser.add_argument("--gh-pulls", type=int, default=20_000)
    parser.add_argument("--gh-latency-pulls", type=int, default=5_000)
    parser.add_argument("--sentry-issues", type=int, default=20_000)
    parser.add_argument("--keep", action="store_true", help="keep the work dir (configs, logs)")
    parser.add_argument(
        "--ours-config",
        action="append",
        type=json.loads,
        default=None,
        metavar="JSON",
        help="settings merged into our tap's config; repeat to compare variants interleaved",
    )
    parser.add_argument("--no-peer", action="store_true", help="run only our tap (its variants)")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--world", default="{}", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.port, json.loads(args.world))
        return 0
    # SIGTERM unwinds like Ctrl-C: the `finally` blocks stop the sandboxes this run started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    rows = [w for w in works(args) if not args.work or w.name in args.work]
    results = []
    tmp = Path(tempfile.mkdtemp(prefix="bench-peers-"))
    try:
        for work in rows:
            workdir = tmp / work.name
            workdir.mkdir()
            try:
                variants = args.ours_config or [{}]
                results.append(
                    measure(work, args.repeat, workdir, variants, peer_too=not args.no_peer)
                )
            except (RuntimeError, OSError, subprocess.CalledProcessError) as exc:
                log(f"{work.name}: not measured: {exc}")
                results.append({"work": work.name, "title": work.title, "error": str(exc)})
    finally:
        if args.keep:
            log(f"configs and logs kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print_table(results)
    out = ROOT / "output" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"peers-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    path.write_text(json.dumps({"args": vars(args), "results": results}, indent=1))
    print(f"written to {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
