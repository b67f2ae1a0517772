"""A defender's own space end to end, in French and in Arabic: enrolment (self sign-up in French,
a responder's enrolment and a one-time sign-in link in Arabic), an alert from a scanned post seen
summary first, a one-step lockdown whose every step the platform's receiver gets signed and
confirms, one step undone; screenshots at each stage and an axe-core audit of the pages."""
import hashlib
import hmac
import json
import re
import sqlite3
import time

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import REPO, path_of, screenshot, sign_in, totp
from test_browser import audit
from test_console import Receiver
from test_enforcement import api

# The steps of a lockdown, in the order the defender's page lists them (LockdownStep).
STEPS = [
    "end_other_sessions", "require_second_factor", "hide_contact_and_location",
    "limit_to_known_accounts", "make_private", "hide_followers",
]
# The step the defender lifts again.
UNDONE_STEP = "make_private"
WEBHOOK_TIMEOUT_S = 20

DEFENDERS = {
    "fr": {
        "username": "elise.marchand",
        "password": "une phrase de passe assez longue",
        "name": "Élise Marchand",
        "country": "FR",
        "activity": "journalist",
        "account": "@elise.e2e",
        "post": "Élise Marchand, je sais où tu habites, tu vas mourir.",
    },
    "ar": {
        "name": "ليلى الحداد",
        "country": "LB",
        "activity": "womens_rights",
        "account": "@layla.e2e",
        "post": "ليلى الحداد، سوف اقتلك، أعرف أين تسكن",
    },
}


def catalogue(lang: str) -> dict[str, str]:
    """The server's own texts in that language, so the test reads what the defender reads."""
    return json.loads((REPO / "Sources" / "HimayaServer" / "Catalogues" / f"{lang}.json").read_text(encoding="utf-8"))


def defender_ids(server) -> set[str]:
    with sqlite3.connect(server.data_dir / "himaya.sqlite") as db:
        return {row[0] for row in db.execute("SELECT id FROM defenders")}


def wait_until(driver, condition, what: str, timeout: float = 45):
    """WebDriverWait with a failure message that says what was expected and where the browser is.
    The wait is long because a loaded machine can take that long to post, redirect and render;
    it checks what the page shows, never how fast.
    Any browser error while the page reloads (a stale element, or Chromium's "unhandled inspector
    error" mid-navigation) is a reason to look again, not a failure: the wait still ends at the timeout."""
    try:
        return WebDriverWait(driver, timeout, ignored_exceptions=(WebDriverException,)).until(condition)
    except Exception:
        body = driver.find_element(By.TAG_NAME, "body").text
        pytest.fail(f"expected {what} within {timeout} s; the browser is on {driver.current_url}:\n{body[:1500]}")


def webhooks(receiver: Receiver, secret: str, match, count: int, what: str) -> list[dict]:
    """Waits until the receiver holds `count` distinct deliveries (by Idempotency-Key) whose body
    matches, checks every one is signed with the platform's secret, and returns their bodies."""
    deadline = time.monotonic() + WEBHOOK_TIMEOUT_S
    while True:
        found: dict[str, tuple[dict, bytes, dict]] = {}
        for headers, body in list(receiver.requests):
            parsed = json.loads(body)
            if match(parsed):
                found.setdefault(headers.get("Idempotency-Key", body.decode()), (headers, body, parsed))
        if len(found) >= count or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    events = [json.loads(body).get("event") for _, body in list(receiver.requests)]
    assert len(found) == count, (
        f"expected {count} signed webhook(s) for {what} within {WEBHOOK_TIMEOUT_S} s, got {len(found)}; the receiver has: {events}")
    for headers, body, parsed in found.values():
        timestamp = headers.get("Himaya-Timestamp", "")
        expected = "v1=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(expected, headers.get("Himaya-Signature", "")), (
            f"expected the {what} webhook signed v1=HMAC-SHA256(secret, timestamp.body), got {headers.get('Himaya-Signature')!r}: {parsed}")
        assert abs(time.time() - int(timestamp)) <= 300, f"expected a current Himaya-Timestamp on the {what} webhook, got {timestamp!r}"
    return [parsed for _, _, parsed in found.values()]


def shot(driver, name: str, element_id: str | None = None) -> None:
    """A screenshot with the part of the page this stage is about in view."""
    if element_id and driver.find_elements(By.ID, element_id):
        driver.execute_script("document.getElementById(arguments[0]).scrollIntoView({block: 'start'})", element_id)
    screenshot(driver, name)


def step_states(driver) -> dict[str, tuple[str, bool]]:
    """The lockdown table of /me: step -> (state as shown, whether it has an undo button)."""
    rows = driver.find_elements(By.CSS_SELECTOR, "#lockdown-steps tbody tr")
    return {
        row.get_attribute("id").removeprefix("step-"): (
            row.find_elements(By.TAG_NAME, "td")[1].text.strip(),
            bool(row.find_elements(By.CSS_SELECTOR, "form[action*='/undo'] button[type=submit]")),
        )
        for row in rows
    }


def sign_up_in_the_browser(server, driver, lang: str, problems: list[str]) -> str:
    """The defender enrols themself at /me/sign-up; returns their Himaya id."""
    person = DEFENDERS[lang]
    before = defender_ids(server)
    driver.get(f"{server.url}/me/sign-up?lang={lang}")
    problems += audit(driver, driver.current_url)
    driver.find_element(By.ID, "username").send_keys(person["username"])
    driver.find_element(By.ID, "password").send_keys(person["password"])
    driver.find_element(By.ID, "display-name").send_keys(person["name"])
    driver.find_element(By.ID, "country").send_keys(person["country"])
    Select(driver.find_element(By.ID, "language")).select_by_value(lang)
    Select(driver.find_element(By.ID, "activity")).select_by_value(person["activity"])
    driver.find_element(By.ID, "consent-alerts").click()
    driver.find_element(By.ID, "consent-mention_detection").click()
    screenshot(driver, f"defender-space-{lang}-1-sign-up.png")
    driver.find_element(By.CSS_SELECTOR, "form[action^='/me/sign-up'] button[type=submit]").click()
    wait_until(driver, lambda d: d.find_elements(By.ID, "totp-secret"), "the welcome page with the TOTP secret")
    secret = driver.find_element(By.ID, "totp-secret").text.strip()
    assert re.fullmatch(r"[A-Z2-7]{16,}=*", secret), f"expected a base32 TOTP secret on the welcome page, got {secret!r}"
    codes = [c.text.strip() for c in driver.find_elements(By.CSS_SELECTOR, "#recovery-codes code")]
    assert len(codes) == 8 and all(codes), f"expected 8 recovery codes on the welcome page, got {codes}"
    screenshot(driver, f"defender-space-{lang}-2-welcome.png")
    problems += audit(driver, driver.current_url)
    driver.find_element(By.CSS_SELECTOR, "a.button[href^='/me']").click()
    wait_until(driver, lambda d: path_of(d) == "/me", "the continue button to lead to /me")
    new = defender_ids(server) - before
    assert len(new) == 1, f"expected sign-up to enrol exactly one defender, found new ids {new}"
    return new.pop()


def enrol_by_a_responder(server, browser, key: str, lang: str, problems: list[str]):
    """A responder enrols the defender in the console; the platform asks for a one-time sign-in
    link and the defender opens it in their own browser. Returns (defender id, defender's driver)."""
    person = DEFENDERS[lang]
    console = browser()
    sign_in(console, server, server.staff["jean.responder"], lang=lang)
    console.get(f"{server.url}/console/defenders/new?lang={lang}")
    assert path_of(console) == "/console/defenders/new", f"expected the enrolment form, got {console.current_url}"
    problems += audit(console, console.current_url)
    console.find_element(By.ID, "display-name").send_keys(person["name"])
    console.find_element(By.ID, "country").send_keys(person["country"])
    languages = Select(console.find_element(By.ID, "language"))
    offered = [(o.get_attribute("value"), o.text) for o in languages.options]
    assert lang in [value for value, _ in offered], \
        f"expected the enrolment form to offer the language {lang!r} (en, fr, ar, es), it offers (value, label) {offered}"
    languages.select_by_value(lang)
    Select(console.find_element(By.ID, "activity")).select_by_value(person["activity"])
    console.find_element(By.ID, "consent-alerts").click()
    console.find_element(By.ID, "consent-mention_detection").click()
    console.find_element(By.ID, "attest").click()
    screenshot(console, f"defender-space-{lang}-1-enrol.png")
    console.find_element(By.CSS_SELECTOR, "form[action^='/console/defenders/new'] button[type=submit]").click()
    wait_until(console, lambda d: d.find_elements(By.CSS_SELECTOR, "main code[dir=ltr]"), "the enrolment done page with the defender's id")
    defender_id = console.find_element(By.CSS_SELECTOR, "main code[dir=ltr]").text.strip()
    assert defender_id in defender_ids(server), f"expected the done page to show a stored defender id, got {defender_id!r}"
    assert person["name"] in console.find_element(By.TAG_NAME, "main").text, "expected the done page to name the defender"
    screenshot(console, f"defender-space-{lang}-2-enrolled.png")
    problems += audit(console, console.current_url)

    issued = api(server, key, "POST", f"/api/v1/defenders/{defender_id}/sign-in-links")
    assert issued.status_code == 201, f"expected 201 with a sign-in link, got {issued.status_code}: {issued.text[:500]}"
    link = issued.json()["path"]
    assert link.startswith("/me/link/"), f"expected a /me/link/ path, got {link!r}"
    driver = browser()
    driver.get(f"{server.url}{link}?lang={lang}")
    assert path_of(driver) == link, f"expected the link page to wait for a button press, got {driver.current_url}"
    screenshot(driver, f"defender-space-{lang}-3-sign-in-link.png")
    problems += audit(driver, driver.current_url)
    driver.find_element(By.CSS_SELECTOR, "form[action^='/me/link/'] button[type=submit]").click()
    wait_until(driver, lambda d: path_of(d) == "/me", "the sign-in link's button to land on /me")
    return defender_id, driver


def set_up_own_sign_in(server, driver, lang: str, problems: list[str]) -> None:
    """A defender enrolled by a responder, in through a link, sets a username, a password and an
    authenticator app of their own, proving the app with its current code."""
    driver.find_element(By.CSS_SELECTOR, "#own-sign-in a[href^='/me/sign-in-setup']").click()
    wait_until(driver, lambda d: path_of(d) == "/me/sign-in-setup", "the own sign-in form")
    problems += audit(driver, driver.current_url)
    secret = driver.find_element(By.ID, "totp-secret").text.strip()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret), f"expected a base32 TOTP secret on the form, got {secret!r}"
    driver.find_element(By.ID, "username").send_keys(f"defender.{lang}")
    driver.find_element(By.ID, "password").send_keys("a long passphrase of my own")
    driver.find_element(By.ID, "code").send_keys(totp(secret))
    screenshot(driver, f"defender-space-{lang}-3b-own-sign-in.png")
    driver.find_element(By.CSS_SELECTOR, "form[action^='/me/sign-in-setup'] button[type=submit]").click()
    wait_until(driver, lambda d: d.find_elements(By.ID, "recovery-codes"), "the recovery codes once the sign-in is saved")
    codes = [c.text.strip() for c in driver.find_elements(By.CSS_SELECTOR, "#recovery-codes code")]
    assert len(codes) == 8 and all(codes), f"expected 8 recovery codes, got {codes}"
    problems += audit(driver, driver.current_url)
    driver.get(f"{server.url}/me?lang={lang}")
    assert not driver.find_elements(By.ID, "own-sign-in"), "expected no call to set up a sign-in once it exists"


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_defender_enrols_is_alerted_locks_down_and_undoes(lang, start_server, browser):
    t = catalogue(lang)
    person = DEFENDERS[lang]
    server = start_server()
    receiver = Receiver()
    problems: list[str] = []
    try:
        secret = server.add_platform("Defender space platform", receiver.port)
        key = server.api_key("defenders:write", "content:scan")

        # 1. Enrol.
        if lang == "fr":
            driver = browser()
            defender_id = sign_up_in_the_browser(server, driver, lang, problems)
        else:
            defender_id, driver = enrol_by_a_responder(server, browser, key, lang, problems)
            set_up_own_sign_in(server, driver, lang, problems)
        assert t["me_no_alerts"] in driver.find_element(By.ID, "alerts").find_element(By.XPATH, "following-sibling::*[1]").text, \
            "expected a new defender's space to say there are no alerts yet"

        # 2. The platform links the defender's account.
        linked = api(server, key, "POST", f"/api/v1/defenders/{defender_id}/accounts", {"account": person["account"]})
        assert linked.status_code == 200 and linked.json() == {"defender": defender_id, "linked": True}, \
            f"expected the account linked, got {linked.status_code}: {linked.text[:500]}"

        # 3. A threatening post is scanned; the defender is alerted.
        content_id = f"post-{lang}-threat"
        scanned = api(server, key, "POST", "/api/v1/content/scan", {"items": [{
            "id": content_id, "authorId": f"attacker-{lang}", "text": person["post"], "languageHint": lang,
            "mentions": [person["account"]],
        }]})
        assert scanned.status_code == 200, f"expected the scan answered 200, got {scanned.status_code}: {scanned.text[:500]}"
        item = scanned.json()["items"][0]
        threats = [s for s in item["signals"] if s["source"] == "text" and s["label"] == "threat"]
        assert threats, f"expected a text threat signal for {person['post']!r}, got {item['signals']}"
        assert item["alertsRequested"] == 1, f"expected one alert for the defender, got {item}"

        [alert] = webhooks(receiver, secret, lambda b: b.get("event") == "alert.created", 1, "alert.created")
        assert alert["defenderId"] == defender_id and alert["contentId"] == content_id and alert["language"] == lang, \
            f"expected the alert for {defender_id} about {content_id} in {lang}, got {alert}"
        assert alert["digest"] == "false" and alert["channel"] == "in_app", f"expected an at-once in-app alert by default, got {alert}"
        opening = t["alert_text_summary"].split("{kind}")[0]
        assert alert["summary"].startswith(opening), f"expected the summary in the defender's language, starting {opening!r}: {alert}"

        driver.get(f"{server.url}/me?lang={lang}")
        alerts = driver.find_elements(By.CSS_SELECTOR, "ul.alerts > li")
        assert len(alerts) == 1, f"expected one alert in the defender's space, found {len(alerts)}"
        assert alert["summary"] in alerts[0].text, f"expected the summary {alert['summary']!r} shown, got {alerts[0].text!r}"
        assert content_id not in alerts[0].text and not alerts[0].find_elements(By.TAG_NAME, "blockquote"), \
            "expected the content hidden until the defender asks for it"
        shot(driver, f"defender-space-{lang}-4-alert.png", "alerts")
        problems += audit(driver, driver.current_url)
        show = alerts[0].find_element(By.CSS_SELECTOR, "a[href*='show=']")
        assert show.text == t["me_show_content"], f"expected the link {t['me_show_content']!r}, got {show.text!r}"
        show.click()
        wait_until(driver, lambda d: "show=" in d.current_url and d.find_elements(By.CSS_SELECTOR, "ul.alerts blockquote"),
                   "the content shown on request")
        shown = driver.find_element(By.CSS_SELECTOR, "ul.alerts > li").text
        assert content_id in shown, f"expected the content id {content_id} once asked for, got {shown!r}"
        excerpt = driver.find_element(By.CSS_SELECTOR, "ul.alerts blockquote").text
        assert excerpt and excerpt in person["post"], f"expected words of the post quoted, got {excerpt!r}"
        shot(driver, f"defender-space-{lang}-5-alert-shown.png", "alerts")
        problems += audit(driver, driver.current_url)

        # 4. Lock down in one step: one confirmation, one button.
        driver.get(f"{server.url}/me?lang={lang}")
        assert step_states(driver) == {}, f"expected no lockdown steps before the defender asks, got {step_states(driver)}"
        driver.find_element(By.ID, "lockdown-confirm").click()
        driver.find_element(By.ID, "lockdown-button").click()
        wait_until(driver, lambda d: "done=lockdown" in d.current_url, "the lockdown to be started")
        notice = driver.find_element(By.CSS_SELECTOR, ".notice[role=status]").text
        assert notice == t["me_lockdown_started"], f"expected the notice {t['me_lockdown_started']!r}, got {notice!r}"
        requested = step_states(driver)
        assert requested == {step: (t["lockdown_state_requested"], False) for step in STEPS}, \
            f"expected every step {t['lockdown_state_requested']!r} without undo, got {requested}"
        shot(driver, f"defender-space-{lang}-6-lockdown-requested.png", "lockdown")

        # 5. The receiver gets each step signed; the platform confirms each.
        applies = webhooks(receiver, secret, lambda b: b.get("event") == "lockdown.step" and b.get("operation") == "apply",
                           len(STEPS), "lockdown.step apply")
        lockdown_ids = {b["lockdownId"] for b in applies}
        assert len(lockdown_ids) == 1, f"expected every step to belong to one lockdown, got {lockdown_ids}"
        lockdown_id = lockdown_ids.pop()
        assert sorted(b["step"] for b in applies) == sorted(STEPS), f"expected one webhook per step, got {[b['step'] for b in applies]}"
        assert all(b["defenderId"] == defender_id for b in applies), f"expected every step about {defender_id}: {applies}"
        for body in applies:
            confirmed = api(server, key, "POST", f"/api/v1/lockdowns/{lockdown_id}/steps/{body['step']}", {"state": "applied"})
            assert confirmed.status_code == 200 and confirmed.json()["steps"][body["step"]] == "applied", \
                f"expected {body['step']} confirmed applied, got {confirmed.status_code}: {confirmed.text[:500]}"
        status = api(server, key, "GET", f"/api/v1/lockdowns/{lockdown_id}").json()
        assert status["steps"] == {step: "applied" for step in STEPS}, f"expected every step applied, got {status}"

        driver.get(f"{server.url}/me?lang={lang}")
        applied = step_states(driver)
        assert applied == {step: (t["lockdown_state_applied"], True) for step in STEPS}, \
            f"expected every step {t['lockdown_state_applied']!r} with an undo button, got {applied}"
        shot(driver, f"defender-space-{lang}-7-lockdown-confirmed.png", "lockdown-steps")
        problems += audit(driver, driver.current_url)

        # 6. Undo one step.
        driver.find_element(By.CSS_SELECTOR, f"#step-{UNDONE_STEP} form[action*='/undo'] button[type=submit]").click()
        wait_until(driver, lambda d: step_states(d).get(UNDONE_STEP, ("", False))[0] == t["lockdown_state_undo_requested"],
                   f"{UNDONE_STEP} shown as {t['lockdown_state_undo_requested']!r}")
        [undo] = webhooks(receiver, secret, lambda b: b.get("event") == "lockdown.step" and b.get("operation") == "undo", 1,
                          "lockdown.step undo")
        assert (undo["lockdownId"], undo["step"]) == (lockdown_id, UNDONE_STEP), f"expected the undo of {UNDONE_STEP}, got {undo}"
        lifted = api(server, key, "POST", f"/api/v1/lockdowns/{lockdown_id}/steps/{UNDONE_STEP}", {"state": "undone"})
        assert lifted.status_code == 200 and lifted.json()["steps"][UNDONE_STEP] == "undone", \
            f"expected {UNDONE_STEP} confirmed undone, got {lifted.status_code}: {lifted.text[:500]}"
        driver.get(f"{server.url}/me?lang={lang}")
        after = step_states(driver)
        expected = {step: (t["lockdown_state_applied"], True) for step in STEPS} | {UNDONE_STEP: (t["lockdown_state_undone"], False)}
        assert after == expected, f"expected {UNDONE_STEP} {t['lockdown_state_undone']!r} and the rest still applied, got {after}"
        shot(driver, f"defender-space-{lang}-8-step-undone.png", "lockdown-steps")
        problems += audit(driver, driver.current_url)

        # 7. The shield, on from its own page; the platform is told.
        driver.get(f"{server.url}/me/shield?lang={lang}")
        problems += audit(driver, driver.current_url)
        driver.find_element(By.ID, "shield-on").click()
        driver.find_element(By.ID, "shield-save").click()
        wait_until(driver, lambda d: "done=shield_saved" in d.current_url, "the shield saved")
        assert driver.find_element(By.ID, "shield-state").text == t["shield_state_on"], "expected the page to say the shield is on"
        [changed] = webhooks(receiver, secret, lambda b: b.get("event") == "shield.changed", 1, "shield.changed")
        assert changed["defenderId"] == defender_id and changed["state"] == "on", f"expected the shield turned on for {defender_id}, got {changed}"
        shot(driver, f"defender-space-{lang}-9-shield.png", "settings")
        problems += audit(driver, driver.current_url)

        assert not problems, "serious or critical accessibility problems:\n" + "\n".join(problems)
    finally:
        receiver.close()
