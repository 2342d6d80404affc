"""Link-header pagination exactly as Sentry documents it."""

from __future__ import annotations

import requests
from tap_sentry.client import next_cursor

BASE = "https://sentry.io/api/0/organizations/acme/issues/123456/events/"


def _response(link: str) -> requests.Response:
    response = requests.Response()
    response.headers["Link"] = link
    return response


def test_next_cursor_follows_results_true():
    link = (
        f'<{BASE}?&cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", '
        f'<{BASE}?&cursor=0:100:0>; rel="next"; results="true"; cursor="0:100:0"'
    )
    assert next_cursor(_response(link)) == "0:100:0"


def test_next_cursor_stops_at_results_false():
    link = (
        f'<{BASE}?&cursor=0:0:1>; rel="previous"; results="true"; cursor="0:0:1", '
        f'<{BASE}?&cursor=0:200:0>; rel="next"; results="false"; cursor="0:200:0"'
    )
    assert next_cursor(_response(link)) is None


def test_next_cursor_reads_the_url_when_the_attribute_is_missing():
    link = (
        "<https://sentry.io/api/0/organizations/acme/projects/1/groups/?&cursor=1420837590:0:1>; "
        'rel="previous"; results="false", '
        "<https://sentry.io/api/0/organizations/acme/projects/1/groups/?&cursor=1420837533:0:0>; "
        'rel="next"; results="true"'
    )
    assert next_cursor(_response(link)) == "1420837533:0:0"


def test_no_link_header_means_one_page():
    assert next_cursor(requests.Response()) is None
