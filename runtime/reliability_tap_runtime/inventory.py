"""Complete inventory syncs, recorded so that deletions at the vendor can be told apart.

An inventory stream (services, users, teams, monitors, synthetic tests, projects,
repositories, hooks) is a full-table sync: an object missing from the latest sync was deleted
at the vendor — if that sync was complete. The SDK's
answer, ACTIVATE_VERSION, is sent at the *start* of a full-table sync, and MeltanoLabs
target-postgres then soft-deletes every row of an older version: a run interrupted half-way
leaves half the inventory marked deleted until the next complete run.

Here the signal comes at the *end*: when an inventory stream (a :class:`VendorStream` with
``full_inventory = True``) has listed everything — its `sync` returned, no listing stopped
early — the tap emits one record in the ``inventory_syncs`` stream: the stream's name, when
its sync started and ended, and how many distinct keys it emitted. Downstream (dbt, see
docs/retention.md) an object is deleted when a complete sync started after the object was
last read, and a sync only counts as complete when the warehouse holds at least as many rows
read since its start as it emitted (the target writes the tables in parallel, so the marker
could land before the rows it vouches for). A run that stops half-way emits no marker, and
marks nothing.

A child inventory (team members, a user's contact methods, a team's repositories: a
``full_inventory`` stream with a parent) is listed once per parent record during its
parent's sync, so it is complete when that sync is: it gets its own marker then, with the
parent's start and the child's own count (`sdk_seam.InventoryCompletion`). A child of a
parent deleted at the vendor is not read again, and is marked deleted with it.
"""

from __future__ import annotations

import json
import typing as t

from singer_sdk import Stream
from singer_sdk import typing as th
from typing_extensions import override

from reliability_tap_runtime.sdk_seam import SchemaOnce, write_records, write_schema

if t.TYPE_CHECKING:
    from collections.abc import Iterable

    from singer_sdk.helpers.types import Context

#: The stream that carries the completion markers.
INVENTORY_SYNCS = "inventory_syncs"


class InventorySyncsStream(SchemaOnce, Stream):
    """One record per complete sync of an inventory stream (see the module docstring).

    It reads nothing itself: its records are written by the inventory streams when they
    finish (:meth:`record_complete_sync`). Its SCHEMA goes out when the first inventory
    stream starts, so the target creates the table even before the first complete sync.
    """

    name = INVENTORY_SYNCS
    primary_keys = ("stream", "sync_started_at")
    schema = th.PropertiesList(
        th.Property(
            "stream",
            th.StringType,
            required=True,
            description="The inventory stream whose sync completed (e.g. `services`).",
        ),
        th.Property(
            "sync_started_at",
            th.DateTimeType,
            required=True,
            description="When its sync started (UTC): every row it emitted was read after.",
        ),
        th.Property(
            "sync_completed_at",
            th.DateTimeType,
            description="When its sync completed, having listed every object (UTC).",
        ),
        th.Property(
            "record_count",
            th.IntegerType,
            description="Distinct primary keys the sync emitted.",
        ),
        th.Property(
            "filters",
            th.StringType,
            description="The settings that narrowed the listing, as JSON (`{}` when none): "
            "an object outside them is not in the inventory this tap syncs.",
        ),
    ).to_dict()

    @override
    def get_records(self, context: Context | None) -> Iterable[dict[str, t.Any]]:
        return ()

    def announce(self) -> None:
        """Send the stream's SCHEMA (once), so that the target creates its table."""
        if self.selected:
            write_schema(self)

    def record_complete_sync(self, record: dict[str, t.Any]) -> None:
        """Emit the marker of one complete inventory sync (nothing if deselected)."""
        if not self.selected:
            return
        self.announce()
        # The writer sends this record out at once (`writer.BufferedMsgSpecWriter`): it may
        # be the last message of a run, after the last STATE.
        write_records(self, [record], None)


def filters_json(config: t.Mapping[str, t.Any], settings: Iterable[str]) -> str:
    """The settings among `settings` that are set, as sorted JSON."""
    return json.dumps(
        {name: config[name] for name in sorted(settings) if config.get(name)},
        sort_keys=True,
        default=str,
    )
