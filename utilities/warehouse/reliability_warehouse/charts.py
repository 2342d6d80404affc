"""Charts as inline SVG: Vega-Lite specs rendered by vl-convert (Vega runs inside the wheel).

The report must open without a network, so nothing is drawn in the browser: each chart is an
`<svg>` element written into the page. Specs carry their data inline (`values`), fixed sizes
(CSS scales the SVG down on narrow screens) and no tooltips (static SVG has no script).
"""

from __future__ import annotations

import typing as t

import vl_convert as vlc

WIDTH = 560
HEIGHT = 220
# Twenty distinct colours: a dozen services never share one (the default scheme has ten).
SCHEME = {"scheme": "tableau20"}
# Labels are measured when the SVG is made and drawn later by the browser: a font family whose
# metrics are the same everywhere (Liberation Sans is metric-compatible with Arial and
# Helvetica) keeps long axis labels from spilling out of the picture.
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"


def _base(values: list[dict[str, t.Any]], title: str) -> dict[str, t.Any]:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {"text": title, "anchor": "start", "fontSize": 13},
        "data": {"values": values},
        "width": WIDTH,
        "height": HEIGHT,
        "config": {
            "font": FONT,
            "view": {"stroke": None},
            "axis": {"labelFontSize": 11, "titleFontSize": 11},
            "legend": {"labelFontSize": 11, "titleFontSize": 11, "orient": "bottom", "columns": 4},
        },
    }


def line_chart(  # noqa: PLR0913 - keyword-only encodings
    values: list[dict[str, t.Any]], *, x: str, y: str, color: str, title: str, y_title: str
) -> dict[str, t.Any]:
    """One line per `color` value over ordinal months `x`."""
    return _base(values, title) | {
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": x, "type": "ordinal", "title": None, "axis": {"labelAngle": -40}},
            "y": {"field": y, "type": "quantitative", "title": y_title},
            "color": {"field": color, "type": "nominal", "title": None, "scale": SCHEME},
        },
    }


def bar_chart(  # noqa: PLR0913 - keyword-only encodings
    values: list[dict[str, t.Any]],
    *,
    x: str,
    y: str,
    title: str,
    y_title: str,
    color: str | None = None,
    horizontal: bool = False,
    x_type: str = "ordinal",
) -> dict[str, t.Any]:
    """Bars of `y` per `x` (stacked by `color` when given); horizontal puts categories on y."""
    category: dict[str, t.Any] = {"field": x, "type": x_type, "title": None}
    measure: dict[str, t.Any] = {"field": y, "type": "quantitative", "title": y_title}
    if horizontal:
        category["sort"] = "-x"
        encoding: dict[str, t.Any] = {"y": category, "x": measure}
    else:
        category["axis"] = {"labelAngle": -40}
        encoding = {"x": category, "y": measure}
    if color:
        encoding["color"] = {"field": color, "type": "nominal", "title": None, "scale": SCHEME}
    spec = _base(values, title) | {"mark": {"type": "bar"}, "encoding": encoding}
    if horizontal:
        spec["height"] = {"step": 18}
    return spec


def to_svg(spec: dict[str, t.Any]) -> str:
    """The chart as an `<svg>` element (no XML declaration), ready to inline in HTML."""
    svg = vlc.vegalite_to_svg(spec)
    return svg[svg.index("<svg") :]
