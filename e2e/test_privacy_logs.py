"""Visitors' IP addresses and browser details must never be written anywhere:
not in the server log, not in the database. Defenders may be identified by them."""

import re

import requests

from conftest import form_token

USER_AGENT = "Canary-UA-7f3a"
SPOOFED_HEADERS = {
    "User-Agent": USER_AGENT,
    "X-Forwarded-For": "203.0.113.77",
    "X-Real-IP": "203.0.113.78",
    "Forwarded": "for=203.0.113.79",
}
# "203.0.113.7" is a prefix of all three addresses above.
CANARIES = ["203.0.113.7", USER_AGENT]


def test_no_addresses_or_user_agents_stored(start_server):
    server = start_server()
    session = requests.Session()
    session.headers.update(SPOOFED_HEADERS)
    for path in ["/", "/?lang=ar", "/staff/sign-in?lang=fr", "/no-such-page"]:
        session.get(f"{server.url}{path}", timeout=10)
    token = form_token(session, server)  # last GET before the POST: its token is current
    failed = session.post(
        f"{server.url}/staff/sign-in",
        data={"username": "nobody-privacy", "password": "x", "code": "000000", "csrf_token": token},
        allow_redirects=False,
        timeout=10,
    )
    assert failed.status_code == 401, f"expected a refused sign-in, got {failed.status_code}"
    # Stop first so that everything buffered reaches the log and the database files.
    server.stop()

    log = server.log_text()
    assert log, "the server wrote no log at all; is HIMAYA_LOG_LEVEL=debug honoured?"
    for canary in CANARIES:
        assert canary not in log, f"{canary!r} found in {server.log_path}"

    # The client's own address comes with an ephemeral port; the server's own
    # listening address may be logged, any other 127.0.0.1:PORT may not.
    for match in re.finditer(r"127\.0\.0\.1:(\d+)", log):
        assert int(match[1]) == server.port, f"client address {match[0]} found in {server.log_path}"

    files = [p for p in server.data_dir.rglob("*") if p.is_file()]
    assert any(p.name.startswith("himaya.sqlite") for p in files), f"no himaya.sqlite* in {server.data_dir}"
    for path in files:
        content = path.read_bytes()
        for canary in CANARIES:
            assert canary.encode() not in content, f"{canary!r} found in {path}"
