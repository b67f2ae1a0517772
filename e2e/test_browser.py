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
    "/report": None,
    "/report/details": None,
    "/follow-up": None,
    "/safety": None,
    "/safety/doxxing": None,
    "/safety/help": None,
    "/me/sign-up": None,
    "/me/sign-in": None,
    "/staff": "omar.admin",
    "/admin/staff": "omar.admin",
    "/audit": "omar.admin",
    "/console": "amina.lead",
    "/console/reviews": "amina.lead",
    "/protection/wellbeing": "amina.lead",
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


def small_png(path) -> None:
    """A real 24x16 PNG with a text chunk naming a place, made without any imaging library."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    width, height = 24, 16
    raw = b"".join(b"\x00" + bytes(v for x in range(width) for v in (x * 10 % 256, y * 15 % 256, 120)) for y in range(height))
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    png += chunk(b"tEXt", b"Location\x00Cairo, home") + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    path.write_bytes(png)


def wait_for_path(driver, path: str, timeout: float = 15) -> None:
    """A click starts a navigation; wait until the browser is on `path` before reading the page."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(lambda d: path_of(d) == path)


def test_arabic_report_with_an_image_then_follow_up(server, browser, tmp_path):
    """A defender reports in Arabic with a screenshot, keeps the receipt code, and writes to the team."""
    from selenium.webdriver.support.ui import Select

    driver = browser()
    image = tmp_path / "لقطة.png"
    small_png(image)

    driver.get(f"{server.url}/report?lang=ar")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl"
    driver.find_element(By.ID, "danger-no").click()
    Select(driver.find_element(By.ID, "country")).select_by_value("EG")
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait_for_path(driver, "/report/details")

    driver.find_element(By.ID, "category-veiled_threat").click()
    driver.find_element(By.ID, "target_account").send_keys("@nour.example")
    driver.find_element(By.ID, "narrative").send_keys("كتبوا أنهم يعرفون مدرسة ابني وأن الحوادث تقع.")
    driver.find_element(By.ID, "content_references").send_keys("https://platform.example/p/9001")
    driver.find_element(By.ID, "files").send_keys(str(image))
    screenshot(driver, "report-form-ar.png")
    driver.find_element(By.CSS_SELECTOR, "form[enctype] button[type=submit]").click()
    wait_for_path(driver, "/report")

    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.ID, "receipt-code"))
    code = driver.find_element(By.ID, "receipt-code").text.strip()
    assert len(code.replace("-", "")) == 20, f"no receipt code on the confirmation page: {driver.page_source[:2000]}"
    assert driver.find_element(By.ID, "first-answer").is_displayed()
    screenshot(driver, "report-receipt-ar.png")
    problems = audit(driver, driver.current_url)

    driver.get(f"{server.url}/follow-up?lang=ar")
    driver.find_element(By.ID, "code").send_keys(code.lower())
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait_for_path(driver, "/follow-up/case")
    assert "لقطة.png" in driver.find_element(By.ID, "files-list").text
    driver.find_element(By.ID, "message").send_keys("ازداد الأمر سوءًا اليوم.")
    driver.find_element(By.CSS_SELECTOR, "form[action^='/follow-up/messages'] button[type=submit]").click()
    WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.ID, "thread"))
    assert "ازداد الأمر سوءًا اليوم." in driver.find_element(By.ID, "thread").text
    screenshot(driver, "follow-up-ar.png")
    problems += audit(driver, driver.current_url)
    if problems:
        pytest.fail("serious or critical accessibility problems:\n" + "\n".join(problems))

