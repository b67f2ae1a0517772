"""Shared fixtures for the end-to-end tests: a real himaya server process,
demo staff accounts with their TOTP secrets, and headless Chromium."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import signal
import socket
import struct
import subprocess
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
import requests

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / ".build" / "screenshots"
DEMO_PASSWORD = "himaya-demo-password"
DEMO_USERNAMES = {"amina.lead", "jean.responder", "lucia.senior", "omar.admin", "sara.auditor"}
DEMO_LINE = re.compile(
    r"^demo staff: username=(?P<username>\S+) role=(?P<role>\S+) "
    r"password=(?P<password>\S+) totp=(?P<totp>[A-Za-z2-7]+=*)\s*$",
    re.MULTILINE,
)
READY_TIMEOUT = 60


def himaya_bin() -> str:
    """The binary under test. Missing is a failure, not a skip: CI always has it."""
    path = os.environ.get("HIMAYA_BIN", "")
    if not path:
        pytest.fail("HIMAYA_BIN is not set: run `make test`, or export HIMAYA_BIN=$PWD/.build/debug/himaya")
    if not os.access(path, os.X_OK):
        pytest.fail(f"HIMAYA_BIN={path} is not an executable file: build it with `swift build` first")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """Environment for the binary: inherited, minus any HIMAYA_* settings of the
    developer's shell, so that every run starts from the same configuration."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HIMAYA_")}
    env.update(
        HIMAYA_DATA_DIR=str(data_dir),
        HIMAYA_LOG_LEVEL="debug",
        HIMAYA_COOKIE_SECURE="false",
    )
    env.update(extra)
    return env


# --- TOTP (RFC 6238) --------------------------------------------------------

def totp(secret: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """HMAC-SHA1 TOTP code for a base32 secret, as authenticator apps compute it."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // step)
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


@dataclass
class Staff:
    username: str
    role: str
    password: str
    secret: str
    used_windows: set[int] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def code(self) -> str:
        """A TOTP code not used before for this account. The server refuses a
        replayed code, so wait for the next 30 s window when this one is spent.
        Also skip the last 3 s of a window so the code is still current on arrival."""
        with self.lock:
            while True:
                now = time.time()
                window = int(now // 30)
                if window not in self.used_windows and now % 30 < 27:
                    self.used_windows.add(window)
                    return totp(self.secret, at=now)
                time.sleep(30 - now % 30 + 0.1)


def parse_demo_output(text: str) -> dict[str, Staff]:
    staff = {
        m["username"]: Staff(m["username"], m["role"], m["password"], m["totp"])
        for m in DEMO_LINE.finditer(text)
    }
    missing = DEMO_USERNAMES - staff.keys()
    if missing:
        pytest.fail(f"`himaya demo` printed no 'demo staff:' line for {sorted(missing)}; it printed:\n{text}")
    return staff


# --- The server process -----------------------------------------------------

class Server:
    """One `himaya serve` process on a free loopback port, logging to a file."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = data_dir / "server.log"
        self.env = server_env(data_dir)
        self.port = 0
        self.process: subprocess.Popen | None = None
        self.staff: dict[str, Staff] = {}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def run(self, *args: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess:
        """Runs a one-off command of the binary (demo, audit verify, ...) on this data dir."""
        return subprocess.run(
            [himaya_bin(), *args], env={**self.env, **env}, capture_output=True, text=True, timeout=timeout
        )

    def shown_once(self, *args: str) -> str:
        """Runs a command that prints a secret once (`platform add`, `platform key create`, `partner key create`) and returns it."""
        result = self.run(*args)
        assert result.returncode == 0, f"expected `{' '.join(args[:3])}` to succeed: {result.stderr}"
        return result.stdout.split("shown once: ")[1].split()[0]

    def add_platform(self, name: str, receiver_port: int) -> str:
        """Registers a platform whose webhooks go to a receiver on this host; returns its signing secret."""
        return self.shown_once("platform", "add", "--name", name, "--url", f"http://127.0.0.1:{receiver_port}/hooks")

    def api_key(self, *scopes: str) -> str:
        """A new platform API key with these scopes."""
        return self.shown_once("platform", "key", "create", *[arg for scope in scopes for arg in ("--scope", scope)])

    def demo(self) -> dict[str, Staff]:
        result = self.run("demo")
        if result.returncode != 0:
            pytest.fail(f"`himaya demo` exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
        self.staff = parse_demo_output(result.stdout + "\n" + result.stderr)
        return self.staff

    def start(self) -> Server:
        self.port = free_port()
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [himaya_bin(), "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                env=self.env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )
        self.wait_ready()
        return self

    def wait_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"himaya serve exited with {self.process.returncode} before it was ready:\n{self.log_tail()}")
            try:
                if requests.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        pytest.fail(f"GET /readyz did not answer 200 within {READY_TIMEOUT} s:\n{self.log_tail()}")

    def stop(self) -> None:
        """SIGTERM for a graceful shutdown; SIGKILL if it hangs."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def kill(self) -> None:
        """SIGKILL: a crash, no chance to flush or clean up."""
        self.process.kill()
        self.process.wait()

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def log_tail(self, lines: int = 60) -> str:
        return f"--- last lines of {self.log_path} ---\n" + "\n".join(self.log_text().splitlines()[-lines:])


@pytest.fixture(scope="session")
def start_server(tmp_path_factory):
    """Factory: start_server(demo=True) -> a running Server on its own data dir.
    start_server(data_dir=...) reuses an existing one. All are stopped at the end."""
    servers: list[Server] = []

    def start(data_dir: Path | None = None, demo: bool = True) -> Server:
        server = Server(data_dir or tmp_path_factory.mktemp("himaya"))
        servers.append(server)
        if demo:
            server.demo()
        return server.start()

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def server(start_server) -> Server:
    """The server shared by tests that only read pages or sign in."""
    return start_server()


# --- HTML forms -------------------------------------------------------------

class _InputValues(HTMLParser):
    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name"):
            self.values.setdefault(attrs["name"], attrs.get("value") or "")


def form_token(session: requests.Session, server: Server) -> str:
    """GETs the sign-in form in this session: the session keeps its himaya_csrf
    cookie, and the form's hidden csrf_token is returned, ready for a POST."""
    response = session.get(f"{server.url}/staff/sign-in", timeout=10)
    assert response.status_code == 200, response.text[:500]
    assert "himaya_csrf" in session.cookies, f"no himaya_csrf cookie: {response.headers}"
    parser = _InputValues()
    parser.feed(response.text)
    token = parser.values.get("csrf_token")
    assert token, "the sign-in form has no hidden csrf_token input"
    return token


def csrf_session(server: Server, **headers: str) -> tuple[requests.Session, str]:
    """A new HTTP session with these headers, holding a CSRF cookie and token."""
    session = requests.Session()
    session.headers.update(headers)
    return session, form_token(session, server)


# --- Browser ----------------------------------------------------------------

@pytest.fixture
def browser():
    """Factory: browser(javascript=True) -> a headless Chromium WebDriver."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    drivers = []

    def make(javascript: bool = True):
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"):
            options.add_argument(arg)
        if not javascript:
            options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
        driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
        driver.set_page_load_timeout(30)
        drivers.append(driver)
        return driver

    yield make
    for driver in drivers:
        driver.quit()


def screenshot(driver, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    driver.save_screenshot(str(path))
    return path


def path_of(driver) -> str:
    return urlparse(driver.current_url).path


def sign_in(driver, server: Server, staff: Staff, lang: str = "en") -> None:
    """Signs in through the real form, the way a person would, and waits for /staff."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(f"{server.url}/staff/sign-in?lang={lang}")
    username = driver.find_element(By.ID, "username")
    username.send_keys(staff.username)
    driver.find_element(By.ID, "password").send_keys(staff.password)
    driver.find_element(By.ID, "code").send_keys(staff.code())
    form = username.find_element(By.XPATH, "./ancestor::form")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    try:
        WebDriverWait(driver, 15).until(lambda d: path_of(d) == "/staff")
    except Exception:
        body = driver.find_element(By.TAG_NAME, "body").text
        pytest.fail(f"sign-in as {staff.username} did not land on /staff but on {driver.current_url}:\n{body[:1000]}")
