"""A bad setting must stop start-up with a message that names the variable,
rather than start a server with a surprising configuration."""

import subprocess

import pytest

from conftest import free_port, himaya_bin, server_env


@pytest.mark.parametrize(
    "variable, value",
    [
        ("HIMAYA_PORT", "notaport"),
        ("HIMAYA_MASTER_KEY", "short"),
    ],
)
def test_bad_setting_stops_start_up(tmp_path, variable, value):
    env = server_env(tmp_path, **{variable: value})
    if variable != "HIMAYA_PORT":
        env["HIMAYA_PORT"] = str(free_port())  # should it start anyway, not on a busy port
    try:
        result = subprocess.run(
            [himaya_bin(), "serve"], env=env, capture_output=True, text=True, timeout=20
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"himaya serve kept running with {variable}={value}")
    assert result.returncode != 0, f"himaya serve accepted {variable}={value}"
    assert variable in result.stderr, f"stderr does not name {variable}:\n{result.stderr}"
