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

- the user and password in a URL (`https://jane:hunter2@host/`) become `[credentials]`.

Nested vendor objects (a Synthetics test's config and browser steps, a Sentry activity's
`data`) mix credentials, people and free text at known places. Given key paths, the same
function walks such an object (see :func:`scrub_text`): the maps name the vendor's fields
once, in meltano/privacy.yml, instead of rebuilding the object in a comprehension per level.

Phone numbers are recognised by shape, not by a dictionary: international (`+` and 8-15
digits), North American grouping (`(415) 555-0134`, `415-555-0134`, `415 555 0134`) and
national numbers with a leading 0 in groups (`030 1234 5678`, `07700 900123`). Dates, times,
version numbers and ids are left alone (tests/test_privacy_scrub.py lists what was tried).
"""

from __future__ import annotations

import ipaddress
import re
import typing as t
from functools import lru_cache
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
# `scheme://user:password@host`: a URL's credentials (typed into a Synthetics test's URL, or
# pasted into an incident). Checked before the e-mail pattern, which would take `password@host`
# for an address and leave the user in clear.
_URL_CREDENTIALS = re.compile(r"(?<=://)[^\s/@]+@(?=[^\s/@]+)")
MIN_KEY_LENGTH = 32
# A person object's identifying keys (pseudonymised) and pictures (dropped): the vendors'
# user serializers (Sentry's User/CommitAuthor, Datadog's creator, Slack users).
PERSON_KEYS = frozenset({"email", "username", "handle", "name"})
PICTURE_KEYS = frozenset({"avatarUrl", "avatar", "image_48_px"})
CREDENTIALS = "[credentials]@"


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


# The same few patterns meet the same few paths in every record of a stream.
@lru_cache(maxsize=4096)
def _matches(pattern: tuple[str, ...], path: tuple[str, ...]) -> bool:
    """Whether a key path matches a pattern: `*` is one key, `**` any number (even none)."""
    if not pattern:
        return not path
    head, rest = pattern[0], pattern[1:]
    if head == "**":
        return any(_matches(rest, path[i:]) for i in range(len(path) + 1))
    return bool(path) and head in ("*", path[0]) and _matches(rest, path[1:])


class _Walk:
    """One nested value's treatment: which key paths are dropped, people or free text."""

    def __init__(
        self, key: str, drop: t.Iterable[str], people: t.Iterable[str], scrub: t.Iterable[str]
    ) -> None:
        self.key = key
        treatments: list[tuple[t.Callable[[object], object], t.Iterable[str]]] = [
            (lambda _: None, drop),
            (self.person, people),
            (self.texts, scrub),
        ]
        # The first rule that matches a path wins: drop, then people, then scrub.
        self.rules = [(tuple(p.split(".")), how) for how, patterns in treatments for p in patterns]

    def value(self, value: object, path: tuple[str, ...]) -> object:
        how = next((h for p, h in self.rules if _matches(p, path)), None) if path else None
        if how is not None:
            return how(value)
        if isinstance(value, dict):
            return {k: self.value(v, (*path, str(k))) for k, v in value.items()}
        if isinstance(value, list):
            return [self.value(v, path) for v in value]
        if isinstance(value, str):
            return self.kept(value)
        return value

    def kept(self, text: str) -> str:
        """A string on no path: its URL credentials and e-mail addresses never stay in clear.

        Nothing needs them in clear, wherever they are (a test's URL `?invite=jane@x.com`, a
        locator); phone- and IP-shaped strings stay, as a kept field is mostly not prose (a
        server's address, a version).
        """
        text = _URL_CREDENTIALS.sub(CREDENTIALS, text)
        return _EMAIL.sub(lambda m: _pseudonym(self.key, m[0]), text)

    def person(self, value: object, name: str | None = None) -> object:
        """A person: a string is pseudonymised; in an object, its identifying keys."""
        if isinstance(value, str) and value:
            return _pseudonym(self.key, value) if name is None or name in PERSON_KEYS else value
        if isinstance(value, dict):
            return {
                k: None if k in PICTURE_KEYS else self.person(v, str(k)) for k, v in value.items()
            }
        if isinstance(value, list):
            return [self.person(v, name) for v in value]
        return value

    def texts(self, value: object) -> object:
        """Free text: every string inside scrubbed."""
        if isinstance(value, str):
            return scrub_text(value, self.key)
        if isinstance(value, dict):
            return {k: self.texts(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.texts(v) for v in value]
        return value


def scrub_text(
    text: t.Any,  # noqa: ANN401 (a map passes whatever the record holds)
    key: str,
    *,
    drop: t.Iterable[str] = (),
    people: t.Iterable[str] = (),
    scrub: t.Iterable[str] = (),
) -> t.Any:  # noqa: ANN401
    """`text` with e-mail addresses pseudonymised and phone numbers and IPs replaced.

    Given key paths, a nested object (or list) is walked instead: at a path in `drop` the
    value becomes None (the key stays); in `people` a string becomes its pseudonym and an
    object has its `email`, `username`, `handle` and `name` pseudonymised (at any depth) and
    its pictures dropped; in `scrub` every string is scrubbed like free text. A path is the
    keys from the object's root joined by dots (list items are transparent); `*` stands for
    one key and `**` for any number. Every other string keeps no URL credentials and no
    e-mail address in clear (the address becomes its pseudonym).

    Args:
        text: Free text, or a nested object with key paths (None and other values are
            returned as they are).
        key: The pseudonym key (`PRIVACY_PSEUDONYM_KEY`), 32 characters or more.
        drop: Key paths whose value is dropped (credentials, bodies, typed values).
        people: Key paths that hold a person (an e-mail, a name, a user object).
        scrub: Key paths that hold free text.

    Raises:
        KeyError: The key is missing or short (the maps' own message for it).
    """
    if not key or len(key) < MIN_KEY_LENGTH:
        msg = "PRIVACY_PSEUDONYM_KEY is unset or shorter than 32 characters"
        raise KeyError(msg)
    if isinstance(text, dict | list) and (drop or people or scrub):
        return _Walk(key, drop, people, scrub).value(text, ())
    if not isinstance(text, str) or not text:
        return text
    text = _URL_CREDENTIALS.sub(CREDENTIALS, text)
    text = _TRAILER.sub(lambda m: m[1] + _pseudonym(key, m[2]) if m[2].strip() else m[0], text)
    text = _EMAIL.sub(lambda m: _pseudonym(key, m[0]), text)
    text = _IPV6.sub(_ipv6, text)
    text = _IPV4.sub("[ip]", text)
    return _PHONE.sub(_phone, text)
