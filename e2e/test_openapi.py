"""Property-based tests of the public JSON API against its own OpenAPI document."""

import subprocess
import sys
from pathlib import Path

import requests

CONFIG = Path(__file__).with_name("schemathesis.toml")
# The API needs no authentication, so the checks about auth do not apply.
EXCLUDED_CHECKS = "ignored_auth,object_level_authorization"


def test_api_conforms_to_openapi(server, tmp_path):
    schema_url = f"{server.url}/api/v1/openapi.yaml"
    assert requests.get(schema_url, timeout=10).status_code == 200, f"no OpenAPI document at {schema_url}"

    command = [
        str(Path(sys.executable).with_name("schemathesis")),  # installed beside this Python
        "--config-file", str(CONFIG),
        "run", schema_url,
        "--origin", server.url,  # the document may name another host or port
        "--checks", "all",
        "--exclude-checks", EXCLUDED_CHECKS,
        "--max-examples", "50",
        "--seed", "20240601",  # the same inputs every run, so failures reproduce
        "--request-timeout", "10",
        "--no-color",
    ]
    # Run in the test's own folder: schemathesis keeps its replay files in ./.schemathesis.
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, (
        f"schemathesis found problems (exit {result.returncode}; replay files in {tmp_path}):\n"
        f"{result.stdout[-20000:]}\n{result.stderr[-5000:]}"
    )
