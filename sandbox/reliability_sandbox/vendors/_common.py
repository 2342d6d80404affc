"""Helpers every vendor package may use (vendors import this, never each other)."""

from __future__ import annotations

from collections import OrderedDict
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from datetime import tzinfo

    from reliability_sandbox.org import Org
    from reliability_sandbox.vendor import Vendor


def token_mount(
    api: Callable[[Org, str], Vendor], name: str, default: str
) -> Callable[[Org, Mapping[str, str]], list[Vendor]]:
    """The ``mount`` of a package serving one API that accepts one token.

    Args:
        api: The API's class (called with the org and the accepted token).
        name: The API's registry name, which ``tokens`` is keyed by.
        default: The token accepted when ``tokens`` names none.
    """

    def mount(org: Org, tokens: Mapping[str, str]) -> list[Vendor]:
        return [api(org, tokens.get(name, default))]

    mount.__doc__ = f"The {name} API over ``org`` (``tokens[{name!r}]``: the accepted token)."
    return mount


def iso_datetime(
    text: str, invalid: Callable[[], Exception] | None = None, zone: tzinfo = UTC
) -> datetime:
    """An ISO-8601 date-time; one without an offset is read in ``zone``.

    Raises:
        Exception: ``invalid()``, the vendor's error, when ``text`` is not one
            (``ValueError`` without ``invalid``).
    """
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        if invalid is None:
            raise
        raise invalid() from None
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=zone)


class LruCache:
    """A small least-recently-used cache of rendered pages and filtered lists."""

    def __init__(self, size: int) -> None:
        """Keep at most ``size`` entries."""
        self.size = size
        self._data: OrderedDict[tuple[Any, ...], Any] = OrderedDict()

    def get(self, key: tuple[Any, ...]) -> Any:  # noqa: ANN401
        """The value cached under ``key`` (now the most recent), or ``None``."""
        value = self._data.get(key)
        if value is not None:
            self._data.move_to_end(key)
        return value

    def put(self, key: tuple[Any, ...], value: Any) -> None:  # noqa: ANN401
        """Cache ``value``, dropping the least recently used entries beyond ``size``."""
        self._data[key] = value
        while len(self._data) > self.size:
            self._data.popitem(last=False)

    def clear(self) -> None:
        """Forget everything."""
        self._data.clear()
