"""A trusted partner's pages in the browser, in French and Arabic: a defender signs up, delegates
to the partner (lock down, report, see alerts, review the shield's folder) and names it to see
their cases; the partner's member opens each page the delegation allows, files a report for the
defender, turns the shield on for them, and reads their shared cases. Every page is axe-audited,
works without JavaScript (plain forms and links), and the defender sees each use in their space."""
import re
import sqlite3
import subprocess

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import Staff, himaya_bin, path_of, screenshot, sign_in
from test_browser import audit
from test_console import Receiver
from test_defender_space import catalogue, wait_until
from test_enforcement import api

PASSWORD = "a long partner password"


def add_partner_member(server, partner: str) -> Staff:
    added = server.run("partner", "add", "--name", partner, "--country", "PE", "--kind", "helpline")
    assert added.returncode == 0, f"expected the partner added: {added.stderr}"
    made = subprocess.run(
        [himaya_bin(), "staff", "add", "--username", "nadia", "--name", "Nadia", "--role", "partner_member", "--partner", partner],
        input=PASSWORD + "\n", env=server.env, capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, f"expected the partner member added: {made.stderr}"
    secret = re.search(r"shown once: ([A-Z2-7]+)", made.stdout).group(1)
    return Staff("nadia", "partner_member", PASSWORD, secret)


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_partner_acts_for_a_defender_within_the_delegation(lang, start_server, browser):
    t = catalogue(lang)
    server = start_server()
    receiver = Receiver()
    problems: list[str] = []
    try:
        server.add_platform("P", receiver.port)
        key = server.api_key("defenders:write")
        partner = "Red de apoyo"
        nadia = add_partner_member(server, partner)

        # The defender signs up, delegates every right for a week and names the partner.
        defender = browser()
        defender.get(f"{server.url}/me/sign-up?lang={lang}")
        defender.find_element(By.ID, "username").send_keys(f"defender.{lang}")
        defender.find_element(By.ID, "password").send_keys("a long passphrase of mine")
        defender.find_element(By.ID, "display-name").send_keys("Rocío Quispe")
        defender.find_element(By.ID, "country").send_keys("PE")
        Select(defender.find_element(By.ID, "language")).select_by_value(lang)
        for purpose in ("alerts", "partner_sharing"):
            defender.find_element(By.ID, f"consent-{purpose}").click()
        defender.find_element(By.CSS_SELECTOR, "form[action^='/me/sign-up'] button[type=submit]").click()
        wait_until(defender, lambda d: d.find_elements(By.ID, "totp-secret"), "the welcome page")
        with sqlite3.connect(server.data_dir / "himaya.sqlite") as db:
            defender_id = db.execute("SELECT id FROM defenders ORDER BY enrolled_at DESC LIMIT 1").fetchone()[0]
        # The platform confirms which account is hers; reports about her are about that account.
        assert api(server, key, "POST", f"/api/v1/defenders/{defender_id}/accounts", {"account": f"@rocio.{lang}"}).status_code == 200
        defender.get(f"{server.url}/me?lang={lang}")
        Select(defender.find_element(By.ID, "delegation-partner")).select_by_visible_text(partner)
        for right in ("lockdown", "reporting", "see_alerts", "shield"):
            defender.find_element(By.ID, f"right-{right}").click()
        defender.find_element(By.CSS_SELECTOR, "form[action^='/me/delegations'] button[type=submit]").click()
        wait_until(defender, lambda d: "done=delegation" in d.current_url, "the delegation saved")
        Select(defender.find_element(By.ID, "share-partner")).select_by_visible_text(partner)
        defender.find_element(By.CSS_SELECTOR, "form[action^='/me/shares'] button[type=submit]").click()
        wait_until(defender, lambda d: "done=sharing" in d.current_url, "the partner named")

        # The partner's member signs in and finds the defender.
        driver = browser()
        sign_in(driver, server, nadia, lang=lang)
        driver.get(f"{server.url}/staff/delegations?lang={lang}")
        problems += audit(driver, driver.current_url)
        screenshot(driver, f"partner-{lang}-1-delegations.png")
        links = {a.get_attribute("href").split("?")[0].rsplit("/", 1)[-1]: a.get_attribute("href")
                 for a in driver.find_elements(By.CSS_SELECTOR, "ul.delegations a[href*='/staff/delegations/']")}
        assert set(links) >= {"alerts", "report", "shield"}, f"expected links to alerts, report and shield, got {links}"

        # Alerts, summary first.
        driver.get(links["alerts"])
        assert t["partner_alerts_title"] in driver.find_element(By.TAG_NAME, "h1").text
        problems += audit(driver, driver.current_url)

        # A report for the defender, refused when empty, then filed.
        driver.get(links["report"])
        problems += audit(driver, driver.current_url)
        driver.find_element(By.CSS_SELECTOR, "form[action*='/report'] button[type=submit]").click()
        wait_until(driver, lambda d: d.find_elements(By.ID, "form-error"), "the empty report refused")
        problems += audit(driver, driver.current_url)
        driver.find_element(By.ID, "narrative").send_keys("Des menaces de mort sous ses publications depuis hier.")
        driver.find_element(By.ID, "content-references").send_keys("https://platform.example/p/501")
        driver.find_element(By.CSS_SELECTOR, "form[action*='/report'] button[type=submit]").click()
        wait_until(driver, lambda d: d.find_elements(By.ID, "receipt-code"), "the receipt of the report")
        screenshot(driver, f"partner-{lang}-2-report-filed.png")
        problems += audit(driver, driver.current_url)

        # The shield, turned on for the defender.
        driver.get(links["shield"])
        problems += audit(driver, driver.current_url)
        driver.find_element(By.ID, "shield-on").click()
        driver.find_element(By.ID, "shield-save").click()
        wait_until(driver, lambda d: "done=shield_saved" in d.current_url, "the shield saved")
        assert driver.find_element(By.ID, "shield-state").text == t["shield_state_on"]
        screenshot(driver, f"partner-{lang}-3-shield.png")
        problems += audit(driver, driver.current_url)

        # The cases the defender shares.
        driver.get(f"{server.url}/staff/shared?lang={lang}")
        problems += audit(driver, driver.current_url)
        driver.find_element(By.CSS_SELECTOR, "a[href^='/staff/shared/']").click()
        wait_until(driver, lambda d: path_of(d).startswith("/staff/shared/"), "the shared cases")
        assert "https://platform.example/p/501" in driver.find_element(By.TAG_NAME, "main").text, \
            "expected the case the partner filed among the shared cases"
        screenshot(driver, f"partner-{lang}-4-shared-cases.png")
        problems += audit(driver, driver.current_url)

        # The defender sees every use.
        defender.get(f"{server.url}/me?lang={lang}")
        page = defender.find_element(By.TAG_NAME, "main").text
        for right in ("see_alerts", "reporting", "shield"):
            assert t[f"delegation_right_{right}"] in page, f"expected the use of {right!r} listed for the defender"
        assert t["sharing_viewed"].split("{")[0].strip() in page or partner in page, "expected the partner's look at the cases listed"
        problems += audit(defender, defender.current_url)

        assert not problems, "serious or critical accessibility problems:\n" + "\n".join(problems)
    finally:
        receiver.close()
