"""The built pages as a reader sees them, in headless Chromium at 1280 px and at 390 px (a phone):

- every Vega view on every page that has one draws marks, and the browser console shows no error;
- the book's excerpts and the explorers' readouts and controls keep WCAG AA contrast (4.5:1) in the light theme,
  in the dark theme a dark system setting gives (prefers-color-scheme), and in the theme's own dark mode;
- no explorer (chart, controls, readout) or figure is cut off, at 1280 px or at 390 px, and no figure is shown
  below 40 % of its drawn size: a figure wider than the column scrolls sideways in its own frame (a link that
  opens it full size), which is not cut off.
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
  const out = twin.querySelector('.vega-twin-readout');
  const values = out.dataset.values ? JSON.parse(out.dataset.values) : {};
  return {name: JSON.parse(twin.dataset.readout)[0], svg: chart.querySelectorAll('svg').length,
          marks: marks.length, text: out.textContent,
          missing: JSON.parse(twin.dataset.readout).filter(n => !(n in values))};
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
            if not view["text"] or view["missing"]:
                faults.append(f"{page} at {width} px: the readout of {view['name']!r} is empty or lacks the "
                              f"values of {view['missing']} in data-values")
        faults += [f"{page} at {width} px: console error {message[:300]}" for message in console_errors(driver)]
    assert not faults, "\n".join(faults)


# The contrast of each visible piece of text inside the elements `selector` finds: its colour composited over
# the background it sits on (every ancestor's background, composited up to the first opaque one, over white).
CONTRAST_JS = """
const selector = arguments[0];
function parse(c) {
  const v = c.match(/rgba?\\(([^)]*)\\)/)[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
  return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1];
}
function over(top, bottom) { return [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]); }
function backdrop(el) {
  const layers = [];
  for (let e = el; e; e = e.parentElement) {
    const b = parse(getComputedStyle(e).backgroundColor);
    if (b[3] > 0) layers.push(b);
    if (b[3] >= 1) break;
  }
  return layers.reverse().reduce((under, layer) => over(layer, under), [255, 255, 255, 1]);
}
function luminance(c) {
  const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const out = [];
for (const root of document.querySelectorAll(selector)) {
  for (const el of [root, ...root.querySelectorAll('*')]) {
    const text = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('').trim();
    if (!text || !el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue;
    const bg = backdrop(el), fg = over(parse(getComputedStyle(el).color), bg);
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    out.push({text: text.slice(0, 60), ratio: (hi + 0.05) / (lo + 0.05), fg: fg.map(Math.round).join(','),
              bg: bg.map(Math.round).join(',')});
  }
}
return {theme: document.documentElement.dataset.theme, items: out};
"""
TEXTS = {"excerpt": "main blockquote", "caption": "main figure figcaption", "readout": ".vega-twin-readout",
         "twin title": ".vega-twin-title", "control": ".vega-twin .vega-bindings",
         "snapshot note": ".explorer-snapshot-note"}
CONTRAST_PAGES = ["book/00-preface.html", "book/01-scaling.html", "book/02-evals.html"]
MODES = ("light", "dark system setting", "dark theme")


def show_in_mode(driver, address, page, mode):
    """Open a page as a reader in `mode` sees it; returns the theme the page ends up in."""
    scheme = "light" if mode == "light" else "dark"
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme",
                                                                       "value": scheme}]})
    driver.get(f"{address}/{page}")
    driver.execute_script("localStorage.setItem('mode', 'auto'); localStorage.removeItem('theme');")
    open_page(driver, address, page)  # again, now that the theme follows the system setting
    if mode == "dark theme":  # the theme's own switch, whatever the system says
        driver.execute_script("document.documentElement.dataset.theme = 'dark';")
        time.sleep(0.2)
    return driver.execute_script("return document.documentElement.dataset.theme")


@pytest.mark.parametrize("mode", MODES)
def test_excerpts_readouts_and_controls_keep_aa_contrast(browser, mode):
    driver, address = browser
    faults, measured = [], {kind: 0 for kind in TEXTS}
    try:
        for page in CONTRAST_PAGES:
            theme = show_in_mode(driver, address, page, mode)
            assert theme == ("light" if mode == "light" else "dark"), f"{page} in {mode}: theme {theme!r}"
            for kind, selector in TEXTS.items():
                for item in driver.execute_script(CONTRAST_JS, selector)["items"]:
                    measured[kind] += 1
                    if item["ratio"] < 4.5:
                        faults.append(f"{page}, {mode}, {kind} {item['text']!r}: {item['ratio']:.2f}:1 "
                                      f"(rgb {item['fg']} on {item['bg']})")
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
        driver.execute_script("localStorage.removeItem('mode'); localStorage.removeItem('theme');")
    assert all(measured.values()), f"nothing measured for some kinds of text: {measured}"
    assert not faults, "\n".join(faults)


def pages_with_figures(html):
    return sorted(str(path.relative_to(html)) for path in Path(html).rglob("*.html")
                  if path.relative_to(html).parts[0] in ("book", "exercises")
                  and any(mark in path.read_text("utf-8") for mark in ('class="vega-twin"', 'class="course-figure"')))


# What is cut off or too small on the open page: twins' charts, controls and readouts must end inside the viewport
# and inside every ancestor that clips; figures must show at >= 40 % of their natural width and end inside the
# viewport, or sit in a course-figure frame (which scrolls) that does.
LAYOUT_JS = """
const vw = document.documentElement.clientWidth, faults = [];
function clippedBy(el) {
  const r = el.getBoundingClientRect();
  if (r.right > vw + 1 || r.left < -1) return 'the viewport (' + Math.round(r.left) + ' to ' + Math.round(r.right) + ' of ' + vw + ' px)';
  for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
    if (getComputedStyle(a).overflowX === 'visible') continue;
    const b = a.getBoundingClientRect();
    if (r.right > b.right + 1 || r.left < b.left - 1) return 'its ' + a.tagName.toLowerCase() + '.' + a.className.split(' ')[0] + ' (ends at ' + Math.round(b.right) + ', the element at ' + Math.round(r.right) + ')';
  }
  return null;
}
let twins = 0, figures = 0, framed = 0;
for (const twin of document.querySelectorAll('.vega-twin')) {
  twins += 1;
  const name = JSON.parse(twin.dataset.readout)[0];
  const parts = [twin.querySelector('.vega-twin-chart svg'), twin.querySelector('.vega-twin-readout'),
                 ...twin.querySelectorAll('.vega-bindings input, .vega-bindings label')];
  for (const part of parts) {
    if (!part || !part.getClientRects().length) continue;
    const clip = clippedBy(part);
    if (clip) faults.push('explorer ' + name + ': its ' + part.tagName.toLowerCase() + ' is cut off by ' + clip);
  }
}
for (const img of document.querySelectorAll('main img')) {
  const snapshot = img.classList.contains('explorer-snapshot-image');
  if (!(snapshot || (img.getAttribute('src') || '').includes('_images/')) || !img.getClientRects().length) continue;
  figures += 1;
  const s = getComputedStyle(img);
  const shown = img.getBoundingClientRect().width - ['paddingLeft', 'paddingRight', 'borderLeftWidth', 'borderRightWidth'].reduce((t, k) => t + parseFloat(s[k]), 0);
  const label = snapshot ? 'explorer snapshot ' + img.alt.slice(0, 40) : 'figure ' + img.getAttribute('src').split('/').pop();
  if (!img.naturalWidth) { faults.push(label + ' did not load'); continue; }
  if (shown < 0.4 * img.naturalWidth) faults.push(label + ' is shown at ' + Math.round(100 * shown / img.naturalWidth) + ' % of its ' + img.naturalWidth + ' px');
  const frame = img.closest('.course-figure');
  if (frame) framed += 1;
  const clip = clippedBy(frame || img);
  if (clip) faults.push(label + ' is cut off by ' + clip);
}
return {faults, twins, figures, framed};
"""


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_no_explorer_or_figure_is_cut_off_or_shrunk(browser, emulate, built_book, width):
    driver, address = browser
    emulate(width)
    faults, counted = [], {"twins": 0, "figures": 0, "framed": 0}
    for page in pages_with_figures(built_book[2]):
        open_page(driver, address, page)
        deadline = time.time() + 10
        while time.time() < deadline and not driver.execute_script(
                "return [...document.images].every(img => img.complete)"):
            time.sleep(0.1)
        found = driver.execute_script(LAYOUT_JS)
        faults += [f"{page} at {width} px: {fault}" for fault in found["faults"]]
        for key in counted:
            counted[key] += found[key]
    assert counted["twins"] >= 10 and counted["figures"] >= 20, counted
    assert not faults, "\n".join(faults)
    assert counted["framed"] == counted["figures"], f"figures without their frame: {counted}"
