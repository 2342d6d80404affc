"""tap-postmortems: the Tap class, its settings and its streams."""

from __future__ import annotations

import json
import sys
import typing as t
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from reliability_tap_runtime.errors import StateError
from reliability_tap_runtime.settings import start_date_error
from reliability_tap_runtime.state import check_state
from singer_sdk import Tap
from singer_sdk import typing as th
from singer_sdk.exceptions import ConfigValidationError
from typing_extensions import override

from tap_postmortems import streams
from tap_postmortems.parser import DEFAULT_ALIASES

if t.TYPE_CHECKING:
    from singer_sdk.streams import Stream


class TapPostmortems(Tap):
    """Postmortem documents (Google Docs in Drive folders, or a local folder) as incidents."""

    name = "tap-postmortems"

    config_jsonschema = th.PropertiesList(
        th.Property(
            "source",
            th.StringType,
            allowed_values=["google_drive", "local"],
            title="Source",
            description="Where documents come from: `google_drive` or `local`. Default: "
            "`local` when `local_path` is set, else `google_drive`.",
        ),
        th.Property(
            "folder_ids",
            th.ArrayType(th.StringType),
            examples=[["1EMXYRLtPioPh8nxC5rEhcSG-TffDp6oK"]],
            title="Folder ids",
            description="Drive folders to read, recursively (shared drives included). The id "
            "is the last part of the folder's URL.",
        ),
        th.Property(
            "service_account_key_file",
            th.StringType,
            examples=["/secrets/postmortems-reader.json"],
            title="Service account key file",
            description="Path to a service account's JSON key (share the folders with its "
            "e-mail address).",
        ),
        th.Property(
            "service_account_key",
            th.StringType,
            secret=True,
            title="Service account key",
            description="A service account's JSON key, as text (instead of the file).",
        ),
        th.Property(
            "client_id",
            th.StringType,
            title="OAuth client id",
            description="OAuth client id (with `client_secret` and `refresh_token`).",
        ),
        th.Property(
            "client_secret",
            th.StringType,
            secret=True,
            title="OAuth client secret",
            description="OAuth client secret.",
        ),
        th.Property(
            "refresh_token",
            th.StringType,
            secret=True,
            title="OAuth refresh token",
            description="Refresh token granted for the `drive.readonly` scope.",
        ),
        th.Property(
            "api_url",
            th.URIType,
            title="API root URL",
            description="Root of Google's APIs (Drive is `<api_url>/drive/v3/`), for a proxy "
            "or the local sandbox. Default: https://www.googleapis.com/.",
        ),
        th.Property(
            "token_uri",
            th.URIType,
            title="Token URI",
            description="OAuth token endpoint. Default: https://oauth2.googleapis.com/token.",
        ),
        th.Property(
            "local_path",
            th.StringType,
            examples=["docs/postmortems"],
            title="Local path",
            description="A folder of postmortems, read recursively: HTML, Markdown or plain text, "
            "recognised by content (any extension or none).",
        ),
        th.Property(
            "max_document_mb",
            th.NumberType(minimum=0),
            default=10,
            title="Largest document (MB)",
            description="Local files larger than this are not parsed (a failed record says "
            "so): a postmortem is rarely over a few hundred kB, and parsing a log dump of tens "
            "of MB takes gigabytes. 10 MB is Google Drive's own export limit.",
        ),
        th.Property(
            "start_date",
            th.DateTimeType,
            examples=["2026-01-01T00:00:00Z"],
            title="Start date",
            description="Only documents modified from this time on (first sync).",
        ),
        th.Property(
            "default_timezone",
            th.StringType,
            default="UTC",
            title="Default time zone",
            description="IANA zone for times written without one (a document's own note such "
            "as 'all times in Pacific Time', or a `Time (UTC)` column, wins).",
        ),
        th.Property(
            "day_first",
            th.BooleanType,
            default=False,
            title="Day first",
            description="Read slashed dates as day/month (`05/03/2026` = 5 March). Dotted "
            "dates are always day first. Unset, a document whose own days show the order (a "
            "day over 12 in front, or days that lie within a month only when read day first) "
            "is read day first, with a warning.",
        ),
        th.Property(
            "field_aliases",
            th.ObjectType(additional_properties=th.ArrayType(th.StringType)),
            examples=[{"time_of_internal_detect": ["Alerted at"]}],
            title="Field aliases",
            description='Extra labels per field, e.g. `{"time_of_internal_detect": '
            '["Alerted at"]}`; merged over the defaults (fields: '
            + ", ".join(sorted(DEFAULT_ALIASES))
            + ").",
        ),
        th.Property(
            "page_size",
            th.IntegerType(minimum=1, maximum=1000),
            default=1000,
            title="Page size",
            description="Files per Drive `files.list` page.",
        ),
        th.Property(
            "request_timeout",
            th.IntegerType(minimum=1),
            default=60,
            title="Request timeout",
            description="Seconds to wait for one Drive response.",
        ),
        th.Property(
            "max_retries",
            th.IntegerType(minimum=0),
            default=5,
            title="Maximum retries",
            description="Retries of one Drive request after a 429, 5xx, rate-limit 403, "
            "timeout or dropped connection.",
        ),
        th.Property(
            "max_retry_wait",
            th.IntegerType(minimum=1),
            default=300,
            title="Maximum retry wait",
            description="Seconds one request may spend waiting on retries.",
        ),
    ).to_dict()

    @override
    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        # Before the SDK reads the state: it would take a string for a file name. The same
        # check as the API taps' (the runtime's state module); no stream has other timestamps.
        check_state(self.name, kwargs.get("state"), {})
        super().__init__(*args, **kwargs)
        self._check_config()

    @classmethod
    @override
    def invoke(cls, *args: t.Any, **kwargs: t.Any) -> None:
        try:
            super().invoke(*args, **kwargs)
        except StateError as exc:
            cls.logger.debug("Traceback of the error below:", exc_info=True)
            cls.logger.error("%s", exc)  # noqa: TRY400 - the message is the whole story
            sys.exit(1)

    def _check_config(self) -> None:  # noqa: C901
        """Reject what JSON Schema cannot express, before any request is sent."""
        config = self.config
        errors: list[str] = []
        source = config.get("source") or ("local" if config.get("local_path") else "google_drive")
        if source == "local":
            if not config.get("local_path"):
                errors.append("`source` is `local`: set `local_path` to the folder of postmortems.")
        else:
            if not config.get("folder_ids"):
                errors.append(
                    "Set `folder_ids` (TAP_POSTMORTEMS_FOLDER_IDS) to the Drive folder id(s), "
                    "or `local_path` to read a local folder."
                )
            oauth = [k for k in ("client_id", "client_secret", "refresh_token") if config.get(k)]
            sa = config.get("service_account_key") or config.get("service_account_key_file")
            if not sa and len(oauth) < 3:  # noqa: PLR2004
                missing = sorted({"client_id", "client_secret", "refresh_token"} - set(oauth))
                errors.append(
                    "Google Drive needs credentials: set `service_account_key_file` (or "
                    "`service_account_key`), or all of `client_id`, `client_secret`, "
                    f"`refresh_token` (missing: {', '.join(missing)})."
                )
            key_file = config.get("service_account_key_file")
            if key_file and not Path(str(key_file)).expanduser().is_file():
                errors.append(f"`service_account_key_file` {key_file!r} does not exist.")
            key = config.get("service_account_key")
            if key:
                try:
                    json.loads(str(key))
                except ValueError:
                    errors.append("`service_account_key` is not JSON: paste the whole key file.")
        zone = str(config["default_timezone"])
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            errors.append(
                f"`default_timezone` {zone!r} is not an IANA time zone (e.g. `UTC`, "
                "`Europe/Berlin`, `America/Los_Angeles`)."
            )
        start = start_date_error(config.get("start_date"))
        if start:
            errors.append(start)
        if errors:
            msg = "Invalid tap-postmortems configuration"
            raise ConfigValidationError(msg, errors=errors)

    @override
    def discover_streams(self) -> list[Stream]:
        parent = streams.PostmortemsStream(self)
        children = (
            streams.AffectedProductsStream,
            streams.RootCausesStream,
            streams.TimelineEventsStream,
            streams.ActionItemsStream,
        )
        return [parent, *(child(self, parent) for child in children)]


if __name__ == "__main__":
    TapPostmortems.cli()
