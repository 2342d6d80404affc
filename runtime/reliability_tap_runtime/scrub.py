"""Free text scrubbed of e-mail addresses, phone numbers and IP addresses (privacy on).

Incident titles, log-entry notes, error messages, monitor messages and postmortem text are
the reliability content itself, so privacy on keeps them — but people paste contact details
into them ("paged jane.doe@example.com on +1 415 555 0134", "blocked 203.0.113.7"). Stream-map
expressions cannot match patterns (the SDK's evaluator offers no `re`), so the runtime gives
them one function, :func:`scrub_text`, registered by :func:`.sdk_seam.register_map_functions`:

- an e-mail address becomes its keyed pseudonym, `sha256(key + trimmed lower-case address)`:
  the same 64 hex characters as the address's pseudonym in every other column, so "the
  incident whose title names Jane" still joins to Jane's rows;
- a phone number becomes `[phone]`, an IPv4 or IPv6 address `[ip]`: no join needs them;
- the name in a git trailer (`Co-authored-by: Jane Doe <jane@x.com>`) becomes its pseudonym,
  the same as the name's in a name column (names in prose stay: see docs/privacy.md, Limits).

Phone numbers are recognised by shape, not by a dictionary: international (`+` and 8-15
digits), North American grouping (`(415) 555-0134`, `415-555-0134`, `415 555 0134`) and
national numbers with a leading 0 in groups (`030 1234 5678`, `07700 900123`). Dates, times,
version numbers and ids are left alone (tests/test_privacy_scrub.py lists what was tried).
"""

from __future__ import annotations

import ipaddress
import re
from hashlib import sha256

__all__ = ["scrub_text"]

_EMAIL = re.compile(
    r"[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}"
)
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4 = re.compile(rf"(?<![\w.]){_OCTET}(?:\.{_OCTET}){{3}}(?!\w|\.\d)")
# A candidate: hex groups and at least two colons (validated by `ipaddress`, so a clock time
# such as 10:42:00 is not one).
_IPV6 = re.compile(r"(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.[\d.]+)?(?![\w:])")
_PHONE = re.compile(
    # +1 415 555 0134, +44 20 7946 0958, +1 (415) 555-0134; a bracket only in pairs, so the
    # closing bracket of "(+1 415 555 0134)" stays with the text
    r"(?<![\w+])\+\d{1,3}(?:[ .-]?(?:\(\d{1,5}\)|\d{1,5})){2,6}(?!\w)"
    r"|(?<![\w(])(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}(?!\w)"  # (415) 555-0134, 415.555.0134
    r"|(?<![\w])0\d{2,4}[ /-]\d{3,8}(?:[ -]\d{3,4})?(?!\w)"  # 030 1234 5678, 07700 900123
)
# A git trailer that names a person (`Co-authored-by: Jane Doe <jane@x.com>`, `Signed-off-by:`,
# `Reviewed-by:`, ...): commit messages, squash-merge bodies and release notes carry them. The
# name is structured there (not prose), so it is pseudonymised like a name column; the address
# in angle brackets is then pseudonymised like every address.
_TRAILER = re.compile(r"(?im)^([ \t>*-]*[a-z]+(?:-[a-z]+)*-by:[ \t]*)([^<\n]*?)(?=[ \t]*(?:<|$))")
MIN_KEY_LENGTH = 32


def _ipv6(match: re.Match[str]) -> str:
    try:
        ipaddress.IPv6Address(match[0])
    except ValueError:
        return match[0]
    return "[ip]"


def _phone(match: re.Match[str]) -> str:
    digits = sum(c.isdigit() for c in match[0])
    low, high = {"+": (8, 15), "0": (9, 12)}.get(match[0][0], (10, 10))  # E.164; national
    return "[phone]" if low <= digits <= high else match[0]


def _pseudonym(key: str, value: str) -> str:
    return sha256((key + value.strip().lower()).encode()).hexdigest()


def scrub_text(text: str | None, key: str) -> str | None:
    """`text` with e-mail addresses pseudonymised and phone numbers and IPs replaced.

    Args:
        text: Free text (None and non-strings are returned as they are).
        key: The pseudonym key (`PRIVACY_PSEUDONYM_KEY`), 32 characters or more.

    Raises:
        KeyError: The key is missing or short (the maps' own message for it).
    """
    if not key or len(key) < MIN_KEY_LENGTH:
        msg = "PRIVACY_PSEUDONYM_KEY is unset or shorter than 32 characters"
        raise KeyError(msg)
    if not isinstance(text, str) or not text:
        return text
    text = _TRAILER.sub(lambda m: m[1] + _pseudonym(key, m[2]) if m[2].strip() else m[0], text)
    text = _EMAIL.sub(lambda m: _pseudonym(key, m[0]), text)
    text = _IPV6.sub(_ipv6, text)
    text = _IPV4.sub("[ip]", text)
    return _PHONE.sub(_phone, text)
