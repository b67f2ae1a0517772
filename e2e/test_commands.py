"""The command line as an operator uses it: migrate, add a staff member who then signs in,
verify the audit chain, and serve from a shared PostgreSQL with workers in other processes."""

import os
import re
import signal
import subprocess
import time
import uuid

import pytest
import requests

from conftest import Server, csrf_session, free_port, himaya_bin, totp

PASSWORD = "a long operator password"


def test_migrate_creates_the_schema_and_says_so(tmp_path):
    server = Server(tmp_path / "data")
    first = server.run("migrate")
    assert first.returncode == 0, first.stderr
    assert "applied now: 1" in first.stdout
    again = server.run("migrate")
    assert "applied now: none" in again.stdout


def test_a_staff_member_added_on_the_command_line_signs_in(tmp_path):
    server = Server(tmp_path / "data")
    added = subprocess.run(
        [himaya_bin(), "staff", "add", "--username", "nadia", "--name", "Nadia", "--role", "responder",
         "--languages", "ar,fr", "--regions", "MENA"],
        input=PASSWORD + "\n", env=server.env, capture_output=True, text=True, timeout=120)
    assert added.returncode == 0, added.stderr
    secret = re.search(r"shown once: ([A-Z2-7]+)", added.stdout).group(1)
    assert "otpauth://totp/" in added.stdout
    server.start()
    try:
        session, token = csrf_session(server)
        response = session.post(
            f"{server.url}/staff/sign-in",
            data={"csrf_token": token, "username": "nadia", "password": PASSWORD, "code": totp(secret)},
            allow_redirects=False, timeout=10)
        assert response.status_code == 303 and response.headers["location"] == "/staff"
    finally:
        server.stop()
    assert server.run("audit", "verify").returncode == 0


def test_a_weak_password_or_unknown_role_is_refused(tmp_path):
    server = Server(tmp_path / "data")
    for args, password in [(["--role", "responder"], "short"), (["--role", "boss"], PASSWORD)]:
        result = subprocess.run(
            [himaya_bin(), "staff", "add", "--username", "someone", *args],
            input=password + "\n", env=server.env, capture_output=True, text=True, timeout=120)
        assert result.returncode != 0
        assert "Error" in result.stderr


def test_an_operator_resets_a_defenders_lost_sign_in_only_with_the_identity_check_named(tmp_path):
    import sqlite3
    from contextlib import closing

    server = Server(tmp_path / "data")
    server.demo()
    with closing(sqlite3.connect(server.data_dir / "himaya.sqlite")) as db:
        defender_id = db.execute("SELECT id FROM defenders ORDER BY id LIMIT 1").fetchone()[0]
    missing = server.run("defender", "reset-sign-in", defender_id)
    assert missing.returncode != 0 and "--verified-by" in missing.stderr, "expected the identity check to be required"
    unknown = server.run("defender", "reset-sign-in", "00000000-0000-0000-0000-000000000000", "--verified-by", "call")
    assert unknown.returncode != 0 and "no defender" in unknown.stderr, unknown.stderr
    done = server.run("defender", "reset-sign-in", defender_id, "--verified-by", "call with the partner who enrolled her")
    assert done.returncode == 0, done.stderr
    assert "next sign-in link" in done.stdout


def test_audit_verify_reports_a_tampered_chain(tmp_path):
    import sqlite3
    from contextlib import closing

    server = Server(tmp_path / "data")
    server.demo()
    db_path = server.data_dir / "himaya.sqlite"
    with closing(sqlite3.connect(db_path)) as db:
        db.execute("DROP TRIGGER audit_events_no_update")
        db.execute("UPDATE audit_events SET actor = 'forged' WHERE sequence = 2")
        db.commit()
    result = server.run("audit", "verify")
    assert result.returncode == 1
    assert "BROKEN at entry 2" in result.stdout


@pytest.mark.parametrize("command", ["worker", "serve"])
def test_a_process_asked_to_stop_while_still_opening_stops_cleanly(tmp_path, command):
    server = Server(tmp_path / "data")
    assert server.run("migrate").returncode == 0
    for delay in (0.05, 0.5, 3.0):
        process = subprocess.Popen([himaya_bin(), command, "--port", str(free_port())] if command == "serve" else [himaya_bin(), command],
                                   env=server.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        time.sleep(delay)
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=30)
        assert code == 0, f"stopped {delay} s after start, `himaya {command}` exited with {code}: {process.stderr.read()[-500:]}"


@pytest.fixture
def postgres_url():
    """A fresh database on the test PostgreSQL that `make test` started."""
    base = os.environ.get("HIMAYA_TEST_DATABASE_URL")
    if not base:
        pytest.fail("HIMAYA_TEST_DATABASE_URL is not set: run `make test`, which starts PostgreSQL")
    name = "himaya_e2e_" + uuid.uuid4().hex[:12]
    subprocess.run(["psql", base, "-qc", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    yield base.rsplit("/", 1)[0] + "/" + name
    subprocess.run(["psql", base, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], capture_output=True)


def test_serve_and_workers_share_one_postgresql(tmp_path, postgres_url):
    server = Server(tmp_path / "data")
    server.env["HIMAYA_DATABASE_URL"] = postgres_url
    server.demo()
    server.start()
    workers = [
        subprocess.Popen([himaya_bin(), "worker"], env=server.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(2)
    ]
    try:
        ready = requests.get(f"{server.url}/readyz", timeout=5).json()
        assert ready["database"] == "postgres"
        session, token = csrf_session(server)
        staff = server.staff["amina.lead"]
        response = session.post(
            f"{server.url}/staff/sign-in",
            data={"csrf_token": token, "username": staff.username, "password": staff.password, "code": staff.code()},
            allow_redirects=False, timeout=10)
        assert response.status_code == 303
        time.sleep(1)
        assert all(worker.poll() is None for worker in workers), "a worker process stopped"
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            assert worker.wait(timeout=15) == 0, "a worker did not stop cleanly on SIGTERM"
        server.stop()
    verify = server.run("audit", "verify")
    assert verify.returncode == 0 and "intact" in verify.stdout
