"""Cross-vendor names: how one vendor's documents cite another vendor's copy of an incident.

Part of the shared world (beside :mod:`reliability_sandbox.org` and
:mod:`reliability_sandbox.story`): a postmortem in Google Drive links the incident's
PagerDuty page, so the PagerDuty id scheme is derived here, from the seed alone, and both
:mod:`reliability_sandbox.vendors.pagerduty` (which serves the ids) and
:mod:`reliability_sandbox.vendors.google` (which cites them) read it from here. The pull
request behind a deploy-caused incident comes from :mod:`reliability_sandbox.delivery`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reliability_sandbox.org import Incident, Org

#: PagerDuty's web address in the sandbox's world (``html_url`` links).
PAGERDUTY_WEB = "https://sandbox.pagerduty.com"
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_M6 = 36**6
# A multiplier coprime to 36, so x -> (a*x + b) mod 36^6 is a bijection: ids never collide.
_A6 = 1_000_003
#: PagerDuty object kinds, to keep ids of different collections apart.
PAGERDUTY_SERVICE, PAGERDUTY_TEAM, PAGERDUTY_USER, PAGERDUTY_EP = 1, 2, 3, 4
PAGERDUTY_SCHEDULE, PAGERDUTY_PRIORITY, PAGERDUTY_INCIDENT = 5, 6, 7


def b36(n: int, width: int) -> str:
    """``n`` in ``width`` upper-case base-36 digits."""
    out = []
    for _ in range(width):
        n, r = divmod(n, 36)
        out.append(_ALPHABET[r])
    return "".join(reversed(out))


def pagerduty_id_offset(seed: int) -> int:
    """The seed's offset in PagerDuty's 6-character id space."""
    return (seed * 2_654_435_761 + 12_345) % _M6


def pagerduty_id(offset: int, kind: int, n: int) -> str:
    """PagerDuty id (``P`` + 6 characters) of object ``n`` of ``kind`` under ``offset``."""
    return "P" + b36(((kind * 10_000_000 + n) * _A6 + offset) % _M6, 6)


def pagerduty_incident_url(org: Org, inc: Incident) -> str:
    """The incident's PagerDuty web page (what a postmortem links)."""
    incident_id = pagerduty_id(pagerduty_id_offset(org.config.seed), PAGERDUTY_INCIDENT, inc.number)
    return f"{PAGERDUTY_WEB}/incidents/{incident_id}"
