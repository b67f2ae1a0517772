"""A responder's day in the real browser: the P0 case on top, an image opened on purpose, a
decision, the signed webhook at the platform's receiver, and the answer on the reporter's page."""
import hashlib
import hmac
import http.server
import threading
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import csrf_session, free_port, path_of, screenshot, sign_in
from test_browser import audit, small_png


class Receiver:
    """The platform's webhook endpoint: records every request and answers 200."""

    def __init__(self):
        self.requests = []
        received = self.requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((dict(self.headers), body))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.port = free_port()
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


def file_report_with_image(server, tmp_path) -> str:
    """A Spanish report of a death threat, someone in danger, with a photo; returns the receipt code."""
    image = tmp_path / "amenaza.png"
    small_png(image)
    session, token = csrf_session(server)
    response = session.post(
        f"{server.url}/report?lang=es",
        data={"csrf_token": token, "category": "threat_of_violence", "immediate_danger": "yes", "country": "MX",
              "attack_language": "es", "target_account": "@periodista.mx", "narrative": "Publicaron que me van a matar.",
              "content_references": "https://platform.example/p/mx-1", "contact_method": "follow_up_only"},
        files={"files": ("amenaza.png", image.read_bytes(), "image/png")},
        timeout=30,
    )
    assert response.status_code == 200, response.text[:2000]
    import re
    return re.search(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){4}", response.text).group(0)


def test_responder_decides_and_the_platform_and_reporter_hear_of_it(server, browser, tmp_path):
    receiver = Receiver()
    try:
        secret = server.add_platform("Test platform", receiver.port)
        code = file_report_with_image(server, tmp_path)

        driver = browser()
        sign_in(driver, server, server.staff["lucia.senior"])
        driver.get(f"{server.url}/console?lang=es")
        first_row = driver.find_element(By.CSS_SELECTOR, "#queue tbody tr")
        assert first_row.find_element(By.CSS_SELECTOR, "td strong").text == "P0"
        problems = audit(driver, driver.current_url)
        screenshot(driver, "console-queue-es.png")
        first_row.find_element(By.CSS_SELECTOR, "a").click()
        WebDriverWait(driver, 15).until(lambda d: path_of(d).startswith("/console/cases/"))
        assert driver.find_element(By.ID, "case-priority").text == "P0"
        assert not driver.find_elements(By.CSS_SELECTOR, "img.evidence-image"), "the image must stay hidden until chosen"
        driver.find_element(By.CSS_SELECTOR, ".blurred a.button").click()
        WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "img.evidence-image"))
        assert driver.execute_script("return document.querySelector('img.evidence-image').naturalWidth") == 24

        Select(driver.find_element(By.ID, "clause")).select_by_value("HRD-1")
        driver.find_element(By.ID, "action-remove_content").click()
        driver.find_element(By.ID, "reason").send_keys("Amenaza de muerte explícita contra una periodista.")
        driver.find_element(By.CSS_SELECTOR, "form[action*='/decisions'] button[type=submit]").click()
        WebDriverWait(driver, 15).until(lambda d: "done=decision" in d.current_url)
        screenshot(driver, "console-case-es.png")
        problems += audit(driver, driver.current_url)

        deadline = time.monotonic() + 20
        while not receiver.requests and time.monotonic() < deadline:
            time.sleep(0.2)
        assert receiver.requests, "no webhook reached the platform"
        headers, body = receiver.requests[0]
        timestamp = headers["Himaya-Timestamp"]
        expected = "v1=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(expected, headers["Himaya-Signature"])
        assert b'"action":"remove_content"' in body

        driver.get(f"{server.url}/follow-up?lang=es")
        driver.find_element(By.ID, "code").send_keys(code)
        driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        WebDriverWait(driver, 15).until(lambda d: path_of(d) == "/follow-up/case")
        assert driver.find_element(By.ID, "thread").text.strip(), "the reporter sees no answer"
        screenshot(driver, "follow-up-decision-es.png")
        assert not problems, "serious or critical accessibility problems:\n" + "\n".join(problems)
    finally:
        receiver.close()
