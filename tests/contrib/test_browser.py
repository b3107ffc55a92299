"""End to end in a real browser: headless Chromium connects the Flask example to the fake Gumroad."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest

from ._helpers import expected_seller, require_module, require_tool, run_example

pytestmark = pytest.mark.browser

CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1200,900",
)


@pytest.fixture
def browser() -> Iterator[Any]:
    chromium = require_tool("chromium", "the browser test")
    driver_path = require_tool("chromedriver", "the browser test")
    require_module("flask")
    webdriver = require_module("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="gumroad-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    service = Service(executable_path=driver_path, log_output=os.devnull)
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_connect_gumroad_in_a_browser(browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    name, products = expected_seller()
    wait = WebDriverWait(browser, 20)
    with run_example("flask_app/app.py") as base:
        browser.get(base)
        browser.find_element(By.LINK_TEXT, "Connect Gumroad").click()

        # The fake Gumroad's consent page.
        wait.until(ec.title_contains("Authorize"))
        assert "Flask example" in browser.find_element(By.TAG_NAME, "h1").text
        browser.find_element(By.XPATH, "//button[normalize-space()='Authorize']").click()

        # Back on the app, connected.
        heading = wait.until(ec.presence_of_element_located((By.ID, "seller-name")))
        assert browser.current_url.startswith(base)
        assert heading.text == name
        shown = [item.text for item in browser.find_elements(By.CSS_SELECTOR, "#products li")]
        assert [text.split(" (")[0] for text in shown] == products
        assert len(browser.find_elements(By.CSS_SELECTOR, "#sales li")) == 5

        browser.find_element(By.XPATH, "//button[normalize-space()='Disconnect']").click()
        wait.until(ec.presence_of_element_located((By.ID, "connect")))
