"""Text detection end to end, against the real binary: a defender is enrolled and consents through
the platform's API, a batch of posts is scanned, and a veiled threat in Spanish opens a case that
a responder reads in the console with its explanation (kind, rule, words), while the alert reaches
the platform's receiver signed. A harmless post in the same batch gives nothing."""
import sqlite3

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import path_of, screenshot, sign_in
from test_browser import audit
from test_console import Receiver
from test_defender_space import catalogue, webhooks
from test_enforcement import api


def test_a_spanish_veiled_threat_opens_a_case_with_its_explanation_and_alerts(start_server, browser):
    server = start_server()
    receiver = Receiver()
    try:
        secret = server.add_platform("Text platform", receiver.port)
        key = server.api_key("defenders:write", "content:scan")

        # Enrolment: a responder enrols a defender in the console; the platform links the account
        # and the defender's consents arrive through the API.
        driver = browser()
        sign_in(driver, server, server.staff["jean.responder"], lang="es")
        driver.get(f"{server.url}/console/defenders/new?lang=es")
        driver.find_element(By.ID, "display-name").send_keys("Rocío Quispe")
        driver.find_element(By.ID, "country").send_keys("PE")
        driver.find_element(By.CSS_SELECTOR, "#language option[value=es]").click()
        driver.find_element(By.ID, "attest").click()
        driver.find_element(By.CSS_SELECTOR, "form[action^='/console/defenders/new'] button[type=submit]").click()
        WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.CSS_SELECTOR, "main code[dir=ltr]"))
        defender_id = driver.find_element(By.CSS_SELECTOR, "main code[dir=ltr]").text.strip()
        with sqlite3.connect(server.data_dir / "himaya.sqlite") as db:
            assert db.execute("SELECT COUNT(*) FROM defenders WHERE id = ?", (defender_id,)).fetchone()[0] == 1, \
                f"expected the enrolled defender {defender_id!r} stored"
        assert api(server, key, "POST", f"/api/v1/defenders/{defender_id}/accounts", {"account": "@rocio.pe"}).status_code == 200
        for purpose in ("mention_detection", "alerts"):
            granted = api(server, key, "PUT", f"/api/v1/defenders/{defender_id}/consents/{purpose}", {"granted": True})
            assert granted.status_code == 200, f"expected consent to {purpose} recorded, got {granted.status_code}: {granted.text[:300]}"

        # A batch: a veiled threat in Spanish naming her, and a harmless post.
        scanned = api(server, key, "POST", "/api/v1/content/scan", {"items": [
            {"id": "post-es-1", "authorId": "u-77", "text": "Rocío Quispe, sabemos dónde vives y dónde estudian tus hijos. Ten cuidado.",
             "languageHint": "es", "mentions": ["@rocio.pe"]},
            {"id": "post-es-2", "authorId": "u-78", "text": "Gran reportaje de Rocío Quispe sobre el agua en Cajamarca.", "languageHint": "es"},
        ]})
        assert scanned.status_code == 200, f"expected the batch scanned, got {scanned.status_code}: {scanned.text[:500]}"
        threat, harmless = scanned.json()["items"]
        veiled = [s for s in threat["signals"] if s["source"] == "text" and s["label"] == "threat" and s["kind"] == "veiled_threat"]
        assert veiled, f"expected a veiled threat signal, got {threat['signals']}"
        assert veiled[0]["rule"].startswith("es.") and veiled[0]["spans"], f"expected a Spanish rule and the words found, got {veiled[0]}"
        assert threat.get("caseReference"), f"expected the threat to open a case, got {threat}"
        assert threat["alertsRequested"] == 1, f"expected one alert for the defender, got {threat}"
        assert not [s for s in harmless["signals"] if s["label"] in ("threat", "abuse")] and not harmless.get("caseReference"), \
            f"expected the harmless post to give no harm and no case, got {harmless}"

        [alert] = webhooks(receiver, secret, lambda b: b.get("event") == "alert.created", 1, "alert.created")
        assert alert["defenderId"] == defender_id and alert["contentId"] == "post-es-1", f"expected the alert about post-es-1, got {alert}"
        assert alert["signal"] == "threat.veiled_threat" and alert.get("caseReference") == threat["caseReference"], \
            f"expected the alert to name the veiled threat and the case, got {alert}"

        # The responder finds the case in the queue and reads why it was opened.
        driver.get(f"{server.url}/console?lang=es")
        driver.find_element(By.LINK_TEXT, threat["caseReference"]).click()
        WebDriverWait(driver, 15).until(lambda d: path_of(d).startswith("/console/cases/"))
        signals = driver.find_element(By.CSS_SELECTOR, "ul.signals").text
        t = catalogue("es")
        assert t["text_kind_veiled_threat"] in signals, f"expected the kind {t['text_kind_veiled_threat']!r} on the case page, got {signals!r}"
        assert veiled[0]["rule"] in signals and veiled[0]["spans"][0]["text"] in signals, \
            f"expected the rule and the words found on the case page, got {signals!r}"
        screenshot(driver, "text-scan-es-case.png")
        problems = audit(driver, driver.current_url)
        assert not problems, "serious or critical accessibility problems:\n" + "\n".join(problems)
    finally:
        receiver.close()
