"""Property-based tests of the public JSON API against its own OpenAPI document."""

import subprocess
import sys
from pathlib import Path

import requests

CONFIG = Path(__file__).with_name("schemathesis.toml")
# One partner key is used throughout, so checks about other users' objects do not apply. Reports
# also have rules across fields and against stored data (a contact address for the method chosen, a
# known partner to share with) that JSON Schema cannot state; the document says so, and such reports
# get 422 with the problems, so "schema-valid data must be accepted" does not apply either.
EXCLUDED_CHECKS = "object_level_authorization,positive_data_acceptance"


def partner_key(server) -> str:
    """A partner and an API key for it, made with the command line as an operator would."""
    added = server.run("partner", "add", "--name", "Schema Test Partner", "--country", "NL", "--kind", "helpline")
    assert added.returncode == 0, added.stderr
    return server.shown_once("partner", "key", "create", "--partner", "Schema Test Partner")


PLATFORM_PATHS = "^/api/v1/(content|hash-lists|defenders|enforcement|lockdowns)"


def platform_key(server) -> str:
    """The platform registered and given a key with every scope, with the command line."""
    server.add_platform("Schema Test Platform", 9)
    return server.api_key("content:scan", "hash_lists:read", "hash_lists:write", "defenders:write", "enforcement:check", "enforcement:report")


def test_api_conforms_to_openapi(server, tmp_path):
    """The partner's endpoints, with a partner key."""
    run_schemathesis(server, tmp_path, partner_key(server), ["--exclude-path-regex", PLATFORM_PATHS])


def test_platform_api_conforms_to_openapi(server, tmp_path):
    """The platform's endpoints (scanning, hash lists, defenders' photos), with the platform's key."""
    run_schemathesis(server, tmp_path, platform_key(server), ["--include-path-regex", PLATFORM_PATHS])


def run_schemathesis(server, tmp_path, key, selection):
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
        "--header", f"Authorization: Bearer {key}",
        *selection,
    ]
    # Run in the test's own folder: schemathesis keeps its replay files in ./.schemathesis.
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, (
        f"schemathesis found problems (exit {result.returncode}; replay files in {tmp_path}):\n"
        f"{result.stdout[-20000:]}\n{result.stderr[-5000:]}"
    )
