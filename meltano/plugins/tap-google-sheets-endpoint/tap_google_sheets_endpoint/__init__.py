"""singer-io tap-google-sheets, with its Google hosts configurable.

tap-google-sheets 3.1.2 (the only Google Sheets tap on PyPI) hard-codes
``https://sheets.googleapis.com/v4`` and ``https://oauth2.googleapis.com/token``, so it cannot
be pointed at a local emulator or a proxy through its configuration. This launcher reads two
extra config keys the tap itself ignores and, when they are set, sends the tap's requests for
those two hosts there instead; everything else (auth, paging, types, state) is the tap's own
code, unchanged. Without the keys it runs the tap exactly as released.

- ``api_url``: root of the Sheets API in place of ``https://sheets.googleapis.com/``
  (e.g. ``http://127.0.0.1:8765/gsheets/``; ``v4/spreadsheets/...`` is appended).
- ``token_uri``: OAuth token endpoint in place of ``https://oauth2.googleapis.com/token``.
"""

from __future__ import annotations

import json
import sys
from typing import Any

SHEETS_ROOT = "https://sheets.googleapis.com/"
TOKEN_URI = "https://oauth2.googleapis.com/token"  # noqa: S105 - a URL, not a secret


def rewrites_from_config(config: dict[str, Any]) -> dict[str, str]:
    """Google URL prefixes to replace, and their replacements, from the tap's config."""
    out: dict[str, str] = {}
    if config.get("api_url"):
        out[SHEETS_ROOT] = str(config["api_url"]).rstrip("/") + "/"
    if config.get("token_uri"):
        out[TOKEN_URI] = str(config["token_uri"])
    return out


def rewrite(url: str, rewrites: dict[str, str]) -> str:
    """``url`` with the first matching Google prefix replaced (unchanged when none matches)."""
    for old, new in rewrites.items():
        if url.startswith(old):
            return new + url[len(old) :]
    return url


def _config_path(argv: list[str]) -> str | None:
    for flag in ("--config", "-c"):
        if flag in argv[:-1]:
            return argv[argv.index(flag) + 1]
    return None


def install(rewrites: dict[str, str]) -> None:
    """Route every ``requests`` session of this process through :func:`rewrite`.

    The tap builds its URLs inside ``GoogleClient.request`` and posts to the token URI
    from a module constant, both through one ``requests.Session``: redirecting at the
    session is the one seam that needs no copy of the tap's code.
    """
    import requests  # noqa: PLC0415 - the tap's pinned requests, in the plugin venv

    original = requests.Session.request

    def request(self: requests.Session, method: str, url: str, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        return original(self, method, rewrite(url, rewrites), *args, **kwargs)

    requests.Session.request = request  # type: ignore[method-assign,assignment]


def main() -> None:
    """Run tap-google-sheets with the configured hosts."""
    path = _config_path(sys.argv[1:])
    if path is not None:
        with open(path, encoding="utf-8") as fh:  # noqa: PTH123
            rewrites = rewrites_from_config(json.load(fh))
        if rewrites:
            install(rewrites)
    from tap_google_sheets import main as tap_main  # noqa: PLC0415

    tap_main()
