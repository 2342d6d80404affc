"""The Drive client closes the connections it keeps alive (no ``ResourceWarning`` at exit).

httplib2 keeps one connection per host open for reuse and never closes it by itself; a sync
that ended without closing them printed ``ResourceWarning: unclosed <socket …>``. A minimal
stand-in for Drive (token, folder lookup, listing) on a local port, with keep-alive, shows
the connection is closed when the source is.
"""

from __future__ import annotations

import gc
import json
import logging
import threading
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from tap_postmortems.sources import FOLDER, DriveSource


class _Drive(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as Google's servers

    def _send(self, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:  # the token endpoint
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._send({"access_token": "t", "expires_in": 3600, "token_type": "Bearer"})

    def do_GET(self) -> None:
        if "/files/" in self.path:  # files.get on the folder
            self._send({"id": "root-folder", "name": "Postmortems", "mimeType": FOLDER})
        else:  # files.list
            self._send({"files": []})

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def drive_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Drive)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_closing_the_drive_source_closes_its_connections(drive_url):
    config = {
        "folder_ids": ["root-folder"],
        "client_id": "id.apps.googleusercontent.com",
        "client_secret": "secret",
        "refresh_token": "refresh",
        "api_url": drive_url,
        "token_uri": drive_url + "token",
        "max_retries": 0,
        "max_retry_wait": 1,
        "request_timeout": 5,
        "page_size": 100,
    }
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        source = DriveSource(config, logging.getLogger("test"))
        assert source.list_documents(None) == []
        source.close()
        del source
        gc.collect()
    unclosed = [w for w in caught if issubclass(w.category, ResourceWarning)]
    assert not unclosed, [str(w.message) for w in unclosed]
