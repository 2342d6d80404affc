"""Reading the submission time of a Google Forms response as it appears in a CSV export.

Forms' "Download responses (.csv)" writes ``2026/07/04 12:59:16 PM GMT+2`` (the form owner's
zone, with its offset: an exact instant). A response sheet downloaded from Sheets as CSV writes
the sheet's wall-clock time in its locale, ``7/4/2026 12:59:16`` (en_US) or ``04/07/2026
12:59:16`` (en_GB), without a zone; tools and hand edits write ISO 8601. Times without an
offset are read in the configured zone. Anything else is not a time: the caller keeps the text
and the warehouse flags the row.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

_FORMS = re.compile(
    r"(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})\s+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?"
    r"(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?))?"
    r"(?:\s+(?:GMT|UTC)(?:(?P<sign>[+-])(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?)?)?"
)
_SLASHED = re.compile(
    r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})\s+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?"
    r"(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?))?"
)
_NOON = 12


def _hour(hour: int, ampm: str | None) -> int:
    """A 12-hour clock's hour on the 24-hour clock (12 AM is 0, 12 PM is 12)."""
    if not ampm:
        return hour
    pm = ampm[0].lower() == "p"
    return (hour % _NOON) + (_NOON if pm else 0)


def parse_submitted_at(
    text: str | None, zone: str = "UTC", *, day_first: bool = False
) -> datetime | None:
    """The instant a response was submitted, in UTC without tzinfo; None if ``text`` is no time.

    Args:
        text: The cell as exported.
        zone: IANA time zone of times written without an offset (a sheet's own zone).
        day_first: Read ``04/07/2026`` as 4 July (a sheet in a day-first locale).

    Returns:
        The UTC instant, or None when the cell does not hold a date and time.
    """
    value = (text or "").strip()
    if not value:
        return None
    local = ZoneInfo(zone)
    try:
        if m := _FORMS.fullmatch(value):
            at = datetime(  # noqa: DTZ001 - the zone is attached below
                int(m["y"]),
                int(m["m"]),
                int(m["d"]),
                _hour(int(m["H"]), m["ampm"]),
                int(m["M"]),
                int(m["S"] or 0),
            )
            if m["sign"]:
                offset = timedelta(hours=int(m["oh"]), minutes=int(m["om"] or 0))
                tz: timezone | ZoneInfo = timezone(offset if m["sign"] == "+" else -offset)
            elif "GMT" in value.upper() or "UTC" in value.upper():
                tz = UTC
            else:
                tz = local
            return at.replace(tzinfo=tz).astimezone(UTC).replace(tzinfo=None)
        if m := _SLASHED.fullmatch(value):
            first, second = int(m["a"]), int(m["b"])
            month, day = (second, first) if day_first else (first, second)
            at = datetime(  # noqa: DTZ001 - the zone is attached below
                int(m["y"]),
                month,
                day,
                _hour(int(m["H"]), m["ampm"]),
                int(m["M"]),
                int(m["S"] or 0),
            )
            return at.replace(tzinfo=local).astimezone(UTC).replace(tzinfo=None)
        # ISO 8601: a date alone is not a submission time.
        if len(value) < len("2026-07-04T12:00"):
            return None
        at = datetime.fromisoformat(value)
    except ValueError:
        return None
    if at.tzinfo is None:
        at = at.replace(tzinfo=local)
    return at.astimezone(UTC).replace(tzinfo=None)
