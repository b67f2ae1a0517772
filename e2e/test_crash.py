"""A crash (SIGKILL) under load must lose no acknowledged audit event and must
leave a hash chain that still verifies and a server that starts again."""

import sqlite3
import threading
import time
from contextlib import closing

import requests

from conftest import csrf_session

THREADS = 8
KILL_AFTER = 2.0  # seconds of load before the crash
MAX_LOAD = 20.0  # upper bound on the load loop, whatever happens


def test_sigkill_under_load_loses_no_acknowledged_audit_event(start_server):
    server = start_server()
    session, token = csrf_session(server)
    csrf_cookies = session.cookies.get_dict()

    acknowledged = 0
    lock = threading.Lock()
    stop = threading.Event()

    def hammer(worker: int) -> None:
        nonlocal acknowledged
        client = requests.Session()
        client.cookies.update(csrf_cookies)
        deadline = time.monotonic() + MAX_LOAD
        n = 0
        while not stop.is_set() and time.monotonic() < deadline:
            n += 1
            try:
                response = client.post(
                    f"{server.url}/staff/sign-in",
                    data={"username": f"nobody-{worker}-{n}", "password": "x", "code": "000000", "csrf_token": token},
                    allow_redirects=False,
                    timeout=5,
                )
            except requests.RequestException:
                continue  # the server is gone: this attempt was never acknowledged
            if response.status_code == 401:  # refused, hence committed and audited
                with lock:
                    acknowledged += 1

    workers = [threading.Thread(target=hammer, args=(i,)) for i in range(THREADS)]
    for w in workers:
        w.start()
    # Load for KILL_AFTER seconds, and longer on a slow machine until a few writes were acknowledged.
    started = time.monotonic()
    while time.monotonic() - started < MAX_LOAD and (time.monotonic() - started < KILL_AFTER or acknowledged < 3):
        time.sleep(0.05)
    server.kill()  # while requests are still in flight
    stop.set()
    for w in workers:
        w.join(timeout=MAX_LOAD + 10)
    assert acknowledged > 0, f"no failed sign-in was acknowledged with 401 before the crash:\n{server.log_tail()}"

    verify = server.run("audit", "verify")
    assert verify.returncode == 0, f"audit verify failed after the crash:\n{verify.stdout}\n{verify.stderr}"

    with closing(sqlite3.connect(server.data_dir / "himaya.sqlite")) as db:
        (stored,) = db.execute(
            "SELECT count(*) FROM audit_events WHERE action = 'staff.sign_in_failed'"
        ).fetchone()
    assert stored >= acknowledged, f"{acknowledged} failed sign-ins acknowledged, only {stored} audited"

    restarted = start_server(data_dir=server.data_dir, demo=False)
    assert requests.get(f"{restarted.url}/readyz", timeout=5).status_code == 200


def test_sigkill_while_reports_arrive_loses_no_acknowledged_report(start_server):
    """Reports share commits on SQLite; a crash mid-batch must still lose nothing that got a 201."""
    server = start_server()
    assert server.run("partner", "add", "--name", "Crash Partner", "--country", "SN").returncode == 0
    key = server.shown_once("partner", "key", "create", "--partner", "Crash Partner", "--scopes", "reports:write")

    acknowledged = []
    lock = threading.Lock()
    stop = threading.Event()

    def send(worker: int) -> None:
        client = requests.Session()
        client.headers.update({"Authorization": f"Bearer {key}"})
        n = 0
        deadline = time.monotonic() + MAX_LOAD
        while not stop.is_set() and time.monotonic() < deadline:
            n += 1
            try:
                response = client.post(
                    f"{server.url}/api/v1/reports",
                    json={"category": "harassment", "country": "SN", "narrative": f"crash test {worker}-{n}",
                          "targetAccount": f"@crash{worker}-{n}", "contentReferences": [f"https://platform.example/{worker}/{n}"]},
                    timeout=5,
                )
            except requests.RequestException:
                continue
            if response.status_code == 201:
                with lock:
                    acknowledged.append(response.json()["report"])

    workers = [threading.Thread(target=send, args=(i,)) for i in range(THREADS)]
    for w in workers:
        w.start()
    started = time.monotonic()
    while time.monotonic() - started < MAX_LOAD and (time.monotonic() - started < KILL_AFTER or len(acknowledged) < 10):
        time.sleep(0.05)
    server.kill()
    stop.set()
    for w in workers:
        w.join(timeout=MAX_LOAD + 10)
    assert acknowledged, f"no report was acknowledged before the crash:\n{server.log_tail()}"

    verify = server.run("audit", "verify")
    assert verify.returncode == 0, f"audit verify failed after the crash:\n{verify.stdout}\n{verify.stderr}"
    with closing(sqlite3.connect(server.data_dir / "himaya.sqlite")) as db:
        stored = {row[0] for row in db.execute("SELECT id FROM reports")}
    missing = [report for report in acknowledged if report not in stored]
    assert not missing, f"{len(missing)} of {len(acknowledged)} acknowledged reports were lost in the crash"
