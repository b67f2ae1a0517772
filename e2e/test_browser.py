"""Headless Chromium against the real server: right-to-left layout, signing in,
working without JavaScript, and an axe-core accessibility audit of every page."""
import importlib.util
import os

import pytest
from selenium.webdriver.common.by import By

from conftest import path_of, screenshot, sign_in

LANGUAGES = ["en", "fr", "ar", "es"]

# Every page to audit: path -> who must be signed in (None: nobody).
# A new page is one line here.
PAGES = {
    "/": None,
    "/staff/sign-in": None,
    "/staff": "omar.admin",
    "/admin/staff": "omar.admin",
    "/audit": "omar.admin",
}

# axe-core impacts that fail the audit.
BLOCKING_IMPACTS = {"serious", "critical"}


def test_home_in_arabic_is_right_to_left(server, browser):
    driver = browser()
    driver.get(f"{server.url}/?lang=ar")
    html = driver.find_element(By.TAG_NAME, "html")
    assert html.get_attribute("lang") == "ar"
    assert html.get_attribute("dir") == "rtl"
    main = driver.find_element(By.TAG_NAME, "main")
    assert main.value_of_css_property("direction") == "rtl"
    screenshot(driver, "home-ar.png")


def test_staff_sign_in(server, browser):
    driver = browser()
    sign_in(driver, server, server.staff["jean.responder"])
    assert path_of(driver) == "/staff"
    assert driver.find_element(By.ID, "signed-in-as").is_displayed()
    screenshot(driver, "staff-home.png")


def test_works_without_javascript(server, browser):
    driver = browser(javascript=False)
    driver.get(f"{server.url}/?lang=en")
    assert driver.find_element(By.TAG_NAME, "main").is_displayed()
    sign_in(driver, server, server.staff["lucia.senior"])
    assert driver.find_element(By.ID, "signed-in-as").is_displayed()


def axe_core_script() -> str:
    """The axe.min.js of a current axe-core release, shipped inside axe-playwright-python.

    axe-selenium-python bundles axe-core 3.1, which predates rules and attribute values of today's
    HTML; the package is found without importing it, since it would import Playwright."""
    spec = importlib.util.find_spec("axe_playwright_python")
    assert spec and spec.submodule_search_locations, "axe-playwright-python is not installed (see e2e/requirements-axe-core.txt)"
    return os.path.join(spec.submodule_search_locations[0], "axe.min.js")


AXE_CORE_SCRIPT = axe_core_script()


def audit(driver, url: str) -> list[str]:
    """Runs axe-core on the open page; returns the blocking violations, readable."""
    from axe_selenium_python import Axe

    axe = Axe(driver, script_url=AXE_CORE_SCRIPT)
    axe.inject()
    results = axe.run()
    return [
        f"{url}: [{v['impact']}] {v['id']}: {v['help']} -> "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in results["violations"]
        if v.get("impact") in BLOCKING_IMPACTS
    ]


def test_accessibility(server, browser):
    driver = browser()
    problems = []
    signed_in_as = None
    # Anonymous pages first, then grouped by account, so each account signs in once.
    for path, who in sorted(PAGES.items(), key=lambda item: (item[1] is not None, item[1] or "")):
        if who is not None and who != signed_in_as:
            driver.delete_all_cookies()
            sign_in(driver, server, server.staff[who])
            signed_in_as = who
        for lang in LANGUAGES:
            url = f"{server.url}{path}?lang={lang}"
            driver.get(url)
            if path_of(driver) != path:
                problems.append(f"{url}: redirected to {driver.current_url}")
                continue
            problems += audit(driver, url)
    if problems:
        pytest.fail("serious or critical accessibility problems:\n" + "\n".join(problems))
