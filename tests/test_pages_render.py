"""The built pages as a reader sees them, in headless Chromium at 1280 px and at 390 px (a phone):

- every Vega view on every page that has one draws marks, and the browser console shows no error;
"""
import time
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

WIDTHS = {"desktop": 1280, "phone": 390}
PHONE_HEIGHT, DESKTOP_HEIGHT = 844, 1600


def pages_with_twins(html):
    return sorted(str(path.relative_to(html)) for path in Path(html).rglob("*.html")
                  if "lite" not in path.relative_to(html).parts and 'class="vega-twin"' in path.read_text("utf-8"))


@pytest.fixture(scope="module")
def twin_pages(built_book):
    return pages_with_twins(built_book[2])


@pytest.fixture()
def emulate(browser):
    """A function that shows pages at a width (px, as a phone does when `width` < 600); undone afterwards."""
    driver, _ = browser

    def at(width):
        phone = width < 600
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": PHONE_HEIGHT if phone else DESKTOP_HEIGHT, "deviceScaleFactor": 1,
            "mobile": phone})

    yield at
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def console_errors(driver):
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def open_page(driver, address, page, timeout=15):
    """Load a page and wait until every twin has started (its snapshot hidden) or `timeout` seconds pass."""
    driver.get(f"{address}/{page}")
    deadline = time.time() + timeout
    while time.time() < deadline and driver.execute_script(
            "return [...document.querySelectorAll('.vega-twin .vega-twin-fallback')]"
            ".some(img => getComputedStyle(img).display !== 'none')"):
        time.sleep(0.1)
    time.sleep(0.3)  # let a failing dataflow reach the console


# Per view: its readout's first name, and how many data marks (lines, points, areas, bars; not rules or text,
# which a view whose data failed still draws) have a non-zero size on screen.
VIEWS_JS = """
return [...document.querySelectorAll('.vega-twin')].map(twin => {
  const chart = twin.querySelector('.vega-twin-chart');
  const marks = [...chart.querySelectorAll('svg g.role-mark:not(.mark-rule):not(.mark-text) > path, '
                                          + 'svg g.role-mark:not(.mark-rule):not(.mark-text) > rect')]
    .filter(m => { const b = m.getBoundingClientRect(); return b.width > 0 || b.height > 0; });
  return {name: JSON.parse(twin.dataset.readout)[0], svg: chart.querySelectorAll('svg').length,
          marks: marks.length};
});
"""


def test_the_pages_with_vega_views_are_found(twin_pages):
    assert {f"book/0{n}-" for n in range(1, 8)} <= {page[:8] for page in twin_pages}, twin_pages


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_every_vega_view_draws_marks_and_the_console_stays_clean(browser, emulate, twin_pages, width):
    driver, address = browser
    emulate(width)
    faults = []
    for page in twin_pages:
        console_errors(driver)  # drop what earlier pages logged
        open_page(driver, address, page)
        views = driver.execute_script(VIEWS_JS)
        assert views, f"{page}: no Vega view found"
        for view in views:
            if not view["svg"] or not view["marks"]:
                faults.append(f"{page} at {width} px: the view of {view['name']!r} drew no marks")
        faults += [f"{page} at {width} px: console error {message[:300]}" for message in console_errors(driver)]
    assert not faults, "\n".join(faults)
