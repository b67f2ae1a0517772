"""The enforcement guard end to end: the platform links a defender's account and records the
defender's consent, asks before a takedown and is told to hold; a senior responder reviews it in
the browser (axe-core audited, French and Arabic), overturns it, and the signed decision and the
defender's notice reach the platform's receiver."""
import hashlib
import hmac
import json
import sqlite3
import time

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import path_of, screenshot, sign_in
from test_browser import audit
from test_console import Receiver


def api(server, key, method, path, body=None):
    return requests.request(method, f"{server.url}{path}", json=body, timeout=15,
                            headers={"Authorization": f"Bearer {key}"})


def test_a_defenders_takedown_is_held_reviewed_and_the_platform_told(start_server, browser):
    server = start_server()
    receiver = Receiver()
    try:
        secret = server.add_platform("Guard platform", receiver.port)
        key = server.api_key("defenders:write", "enforcement:check")

        with sqlite3.connect(server.data_dir / "himaya.sqlite") as db:
            defender_id, languages = db.execute("SELECT id, languages FROM defenders ORDER BY id LIMIT 1").fetchone()
        assert api(server, key, "POST", f"/api/v1/defenders/{defender_id}/accounts", {"account": "@e2e-defender"}).status_code == 200
        assert api(server, key, "PUT", f"/api/v1/defenders/{defender_id}/consents/enforcement_guard", {"granted": True}).status_code == 200

        other = api(server, key, "POST", "/api/v1/enforcement/check", {"account": "@anyone", "action": "removal"}).json()
        assert other == {"decision": "proceed"}
        held = api(server, key, "POST", "/api/v1/enforcement/check",
                   {"account": "@E2E-Defender", "contentId": "post-e2e", "action": "suspension", "reason": "mass reports"}).json()
        assert held["decision"] == "hold", held
        review_id = held["reviewId"]

        driver = browser()
        sign_in(driver, server, server.staff["lucia.senior"])
        driver.get(f"{server.url}/console/reviews?lang=ar")
        problems = audit(driver, driver.current_url)
        screenshot(driver, "reviews-ar.png")
        driver.find_element(By.CSS_SELECTOR, f"a[href^='/console/reviews/{review_id}']").click()
        WebDriverWait(driver, 15).until(lambda d: path_of(d) == f"/console/reviews/{review_id}")
        driver.get(f"{server.url}/console/reviews/{review_id}?lang=fr")
        problems += audit(driver, driver.current_url)
        driver.find_element(By.ID, "outcome-overturn").click()
        driver.find_element(By.ID, "review-reason").send_keys("Compte rendu d'une manifestation, aucune incitation.")
        driver.find_element(By.ID, "political-speech").click()
        driver.find_element(By.CSS_SELECTOR, "form[action*='/decision'] button[type=submit]").click()
        WebDriverWait(driver, 15).until(lambda d: "done=decided" in d.current_url)
        screenshot(driver, "review-decided-fr.png")
        problems += audit(driver, driver.current_url)

        deadline = time.monotonic() + 30
        def bodies():
            return [json.loads(body) for _, body in receiver.requests]
        while not any(b.get("event") == "enforcement.reviewed" for b in bodies()) and time.monotonic() < deadline:
            time.sleep(0.2)
        reviewed = [(h, b) for h, b in receiver.requests if json.loads(b).get("event") == "enforcement.reviewed"]
        assert reviewed, "the decision did not reach the platform"
        headers, body = reviewed[0]
        expected = "v1=" + hmac.new(secret.encode(), headers["Himaya-Timestamp"].encode() + b"." + body, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(expected, headers["Himaya-Signature"])
        assert json.loads(body)["outcome"] == "overturn"
        notices = [b for b in bodies() if b.get("event") == "defender.notice"]
        assert notices and notices[0]["language"] == languages.split(",")[0], notices
        assert api(server, key, "GET", f"/api/v1/enforcement/reviews/{review_id}").json()["status"] == "overturned"
        assert not problems, "serious or critical accessibility problems:\n" + "\n".join(problems)
    finally:
        receiver.close()
