"""Both credential kinds work end to end through google-auth and google-api-python-client."""

from __future__ import annotations

import json

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from postmortems_harness import run_tap, tap_config
from reliability_sandbox.vendors.google import SERVICE_ACCOUNT_EMAIL


def _key_file(tmp_path, email: str) -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    path = tmp_path / "key.json"
    path.write_text(
        json.dumps(
            {
                "type": "service_account",
                "project_id": "sandbox-project",
                "private_key_id": "k1",
                "private_key": pem,
                "client_email": email,
                "client_id": "1",
                "token_uri": "https://oauth2.googleapis.com/token",
            }
        )
    )
    return str(path)


def _service_account_config(sandbox, key_file: str) -> dict:
    config = tap_config(sandbox, service_account_key_file=key_file)
    for key in ("client_id", "client_secret", "refresh_token"):
        del config[key]
    return config


def test_service_account_key_file(drive_sandbox, tmp_path):
    config = _service_account_config(drive_sandbox, _key_file(tmp_path, SERVICE_ACCOUNT_EMAIL))
    run = run_tap(config, streams=["postmortems"])
    assert run.returncode == 0, run.stderr[-3000:]
    assert set(run.ids("postmortems", "document_id")) == set(
        drive_sandbox.vendor("gdrive").truth()["exports"]
    )


def test_unknown_service_account_is_refused_with_the_settings_named(drive_sandbox, tmp_path):
    config = _service_account_config(drive_sandbox, _key_file(tmp_path, "someone@else.example"))
    run = run_tap(config, streams=["postmortems"])
    assert run.returncode != 0
    assert "invalid_grant" in run.stderr
    assert "token_uri" in run.stderr


def test_expired_access_tokens_are_refreshed(fresh_drive):
    config = tap_config(fresh_drive)
    # Each access token expires after 10 requests: google-auth must refresh mid-sync.
    fresh_drive.vendor("gdrive").configure(token_uses=10)
    run = run_tap(config, streams=["postmortems"])
    assert run.returncode == 0, run.stderr[-3000:]
    assert set(run.ids("postmortems", "document_id")) == set(
        fresh_drive.vendor("gdrive").truth()["exports"]
    )
    assert fresh_drive.stats()["by_status"]["401"] >= 2
