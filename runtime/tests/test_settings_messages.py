"""The empty-setting message tells every way to set it (Meltano command, variable, standalone)."""

from __future__ import annotations

from reliability_tap_runtime.settings import missing_setting


def test_missing_setting_names_the_meltano_command_the_variable_and_the_standalone_flag():
    line = missing_setting("tap-github-reliability", "auth_token", "a GitHub token")
    assert line.startswith("`auth_token` is empty: give it a GitHub token")
    # Meltano 4 takes `config set <plugin> <setting>` (a comment once had the old order).
    assert "`meltano config set tap-github-reliability auth_token <value>`" in line
    assert "TAP_GITHUB_RELIABILITY_AUTH_TOKEN in .env" in line
    assert "--config=ENV" in line
    assert "\n" not in line
