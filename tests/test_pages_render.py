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
        # figures load lazily (as a reader scrolls near them, _ext/page_weight.py): load them all to check them
        driver.execute_script("document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
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


# ---- hover previews and light pages (_ext/page_weight.py, sphinx-tippy) -----------------------------------

def definition_in(glossary_html, term_id):
    """The text of a glossary entry's definition, as the built glossary page has it."""
    import html as html_lib
    import re
    entry = re.search(rf'<dt id="{term_id}"[^>]*>.*?</dt>\s*<dd>(.*?)</dd>', glossary_html, re.S)
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", entry[1])).split()) if entry else None


def preview_after_hover(driver, link):
    """Hover `link`; the text of the preview it shows (or None after 3 s), then move away so it hides."""
    from selenium.webdriver.common.action_chains import ActionChains
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    ActionChains(driver).move_to_element(link).perform()
    deadline, text = time.time() + 3, None
    while time.time() < deadline and not text:
        text = driver.execute_script("const r = [...document.querySelectorAll('[data-tippy-root]')].pop();"
                                     "return r && r.offsetParent !== null ? r.innerText : null")
        time.sleep(0.1)
    ActionChains(driver).move_by_offset(0, 300).perform()
    return " ".join(text.split()) if text else None


def test_hovering_a_term_or_a_reference_shows_it_and_nothing_leaves_the_site(browser, built_book):
    import json
    driver, base = browser
    driver.get_log("performance")
    driver.get(f"{base}/book/01-scaling.html")
    term = driver.find_element(By.CSS_SELECTOR, 'main a[href*="glossary.html#term-"]')
    expected = definition_in((built_book[2] / "book" / "glossary.html").read_text(),
                             term.get_attribute("href").split("#")[1])
    assert expected, "the glossary has no entry the link points to"
    shown = preview_after_hover(driver, term)
    assert shown and expected[:60] in shown, f"hovering '{term.text}' showed {shown!r}, not its definition"
    citation = driver.execute_script(
        "return [...document.querySelectorAll('main a[href^=\"#\"]')].find(a => {"
        "  const t = document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));"
        "  return t && t.closest('li, .citation') && t.closest('section, div').querySelector('ul, ol, .citation'); })")
    assert citation is not None, "no in-text citation pointing at the reference list"
    entry = driver.execute_script("return document.getElementById(decodeURIComponent("
                                  "arguments[0].getAttribute('href').slice(1))).innerText", citation)
    shown = preview_after_hover(driver, citation)
    assert shown and " ".join(entry.split())[:60] in shown, f"the citation's preview showed {shown!r}"
    messages = [json.loads(e["message"])["message"] for e in driver.get_log("performance")]
    urls = {m["params"]["request"]["url"] for m in messages if m["method"] == "Network.requestWillBeSent"}
    outside = sorted(u for u in urls if u.startswith(("http:", "https:", "//")) and not u.startswith(base))
    assert not outside, f"the page or its previews asked another host: {outside[:5]}"
    assert not console_errors(driver)


def test_icons_show_without_font_awesome_or_its_fonts(browser):
    driver, base = browser
    driver.get(f"{base}/book/01-scaling.html")
    loaded = driver.execute_script("return performance.getEntriesByType('resource').map(r => r.name)")
    assert not [u for u in loaded if "fontawesome" in u or u.endswith((".woff2", ".ttf")) and "mathjax" not in u], loaded
    icons = driver.execute_script("""
      return ['.fa-bars', '.fa-github', '.fa-magnifying-glass', '.theme-switch'].map(sel => {
        const el = [...document.querySelectorAll(sel)].find(e => e.offsetParent !== null);
        if (!el) return [sel, null, 0];
        const before = getComputedStyle(el, '::before');
        return [sel, before.webkitMaskImage || before.maskImage, parseFloat(before.width)];
      });""")
    for selector, mask, width in icons:
        assert mask and "svg" in mask and width > 5, f"{selector} draws no icon ({mask!r:.60}, {width} px)"


def test_a_chapter_page_is_light_on_a_slow_network(browser, built_book):
    """Chapter 1 (the most figures, and maths): <= 600 KB gzipped until its load event and a first paint
    <= 3 s on Slow 4G, served gzipped as a static host does (tools/bench.py measures every page)."""
    import bench
    driver, _ = browser
    with bench.gzip_served(built_book[2]) as address:
        size, paint, load, heaviest = bench.measure_pages(driver, address, ["book/01-scaling.html"], repeats=2)[
            "book/01-scaling.html"]
    assert size <= bench.PAGE_GOALS["bytes"], f"{size / 1e3:.0f} KB before the content: {heaviest}"
    assert paint <= bench.PAGE_GOALS["first paint (ms)"], f"first paint after {paint:.0f} ms on Slow 4G"


# Figures on a phone (issue 22): each notebook figure, and the snapshot of each explorer without a static twin, has
# a narrow design (panels stacked, 340 px wide) that a <picture> serves up to 599 px, and a 2x picture of each
# design (_ext/responsive_figures.py); in the dark theme too the narrow design keeps the column. The rendered size
# of a figure's smallest text is its size in the picture (data-font-px, data-narrow-font-px: pixels of the 1x
# picture) x displayed width / natural width, for the design the browser chose.
FIGURE_TEXT_JS = """
return [...document.querySelectorAll('main .course-figure img')]
  .filter(img => (img.getAttribute('src') || '').includes('_images/') && img.getClientRects().length
                 && !img.matches('.vega-twin-fallback'))  /* a notebook's figure or an explorer's snapshot */
  .map(img => {
    const s = getComputedStyle(img);
    const shown = img.getBoundingClientRect().width - ['paddingLeft', 'paddingRight', 'borderLeftWidth',
      'borderRightWidth'].reduce((t, k) => t + parseFloat(s[k]), 0);
    const current = (img.currentSrc || '').split('/').pop(), narrow = current.includes('-narrow');
    const font = parseFloat(narrow ? img.dataset.narrowFontPx : img.dataset.fontPx);
    return {name: img.getAttribute('src').split('/').pop().slice(0, 12), current, narrow, shown,
            snapshot: img.matches('.explorer-snapshot-image'),
            natural: img.naturalWidth, label: font * shown / img.naturalWidth,
            link: img.closest('a') ? img.closest('a').getAttribute('href').split('/').pop() : null};
  });
"""
NOTEBOOK_FIGURE_PAGES = ["book/02-evals.html", "book/03-internals.html", "book/04-safety.html"]


def figures_as_shown(driver, address, page, timeout=10):
    open_page(driver, address, page, timeout=5)
    driver.execute_script("document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
    deadline = time.time() + timeout
    while time.time() < deadline and not driver.execute_script(
            "return [...document.images].every(img => img.complete)"):
        time.sleep(0.1)
    return driver.execute_script(FIGURE_TEXT_JS)


def test_on_a_phone_every_figure_shows_its_narrow_design_with_labels_of_at_least_11_px(browser, emulate, built_book):
    driver, address = browser
    emulate(WIDTHS["phone"])
    faults, counted, snapshots = [], 0, []
    for page in pages_with_figures(built_book[2]):
        for figure in figures_as_shown(driver, address, page):
            counted += 1
            if figure["snapshot"]:
                snapshots.append(page)
            where = f"{page}: {'explorer snapshot' if figure['snapshot'] else 'figure'} {figure['name']}"
            if not figure["narrow"]:
                faults.append(f"{where} shows {figure['current']}, not a narrow design")
            elif not figure["label"] >= 11:
                faults.append(f"{where}: its smallest text is {figure['label']:.1f} px at {figure['shown']:.0f} px "
                              f"of {figure['natural']} px")
            if not (figure["link"] or "").endswith("@2x.png"):
                faults.append(f"{where}: a tap opens {figure['link']}, not the figure full size at 2x")
    assert counted >= 20, f"only {counted} figures found"
    # the explorers without a static twin (Chapter 1's manifold, Chapter 4's race track) show a snapshot
    assert {"book/01-scaling.html", "book/04-safety.html"} <= set(snapshots), f"explorer snapshots on {snapshots}"
    assert not faults, "\n".join(faults)


def test_a_high_density_screen_gets_the_2x_pictures(browser, emulate):
    driver, address = browser
    emulate(WIDTHS["phone"])
    try:
        for width, suffix in ((WIDTHS["phone"], "-narrow@2x.png"), (WIDTHS["desktop"], "@2x.png")):
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": width, "height": PHONE_HEIGHT, "deviceScaleFactor": 2, "mobile": width < 600})
            # Chapter 3's figures, and Chapter 4's, among them the race-track explorer's snapshot
            figures = [f for page in NOTEBOOK_FIGURE_PAGES[1:] for f in figures_as_shown(driver, address, page)]
            assert any(f["snapshot"] for f in figures), figures
            assert all(f["current"].endswith(suffix) for f in figures), (width, figures)
            if width > 600:
                assert all("-narrow" not in f["current"] for f in figures), figures
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_in_the_dark_theme_a_phone_still_shows_labels_of_at_least_11_px(browser, emulate):
    """The dark theme pads output images (and an explorer's HTML) on a light background; on a phone the narrow
    designs keep the column's width, so their labels keep their size (Chapter 1's manifold explorer, Chapter 4's
    race track and figures)."""
    driver, address = browser
    emulate(WIDTHS["phone"])
    pages, faults = ["book/01-scaling.html", "book/04-safety.html"], []
    try:
        assert show_in_mode(driver, address, pages[0], "dark") == "dark"
        for page in pages:
            shown = figures_as_shown(driver, address, page)
            assert driver.execute_script("return document.documentElement.dataset.theme") == "dark"
            assert any(figure["snapshot"] for figure in shown), f"{page}: no explorer snapshot among {shown}"
            faults += [f"{page}: {figure['name']} ({figure['current']}) has labels of {figure['label']:.1f} px at "
                       f"{figure['shown']:.0f} px" for figure in shown if not (figure["narrow"] and figure["label"] >= 11)]
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
        driver.execute_script("localStorage.removeItem('mode'); localStorage.removeItem('theme');")
    assert not faults, "\n".join(faults)

# Keyboard and screen readers (issue 22): every control of every twin (Vega's bound inputs) has a name a screen
# reader reads (its <label>, aria-label or aria-labelledby) and is in the tab order; on one chapter page, Tab
# walks from the content before an explorer through its sliders in order, and an arrow key moves a slider and
# changes the readout sentence.
CONTROLS_JS = """
return [...document.querySelectorAll('.vega-twin .vega-bindings input, .vega-twin .vega-bindings select')]
  .filter(el => el.type !== 'hidden').map(el => {
    const labelled = el.getAttribute('aria-labelledby');
    const name = (el.getAttribute('aria-label') || (labelled ? labelled.split(/\\s+/).map(id =>
      (document.getElementById(id) || {}).textContent || '').join(' ') : '') ||
      [...(el.labels || [])].map(l => l.textContent).join(' ')).trim();
    return {twin: JSON.parse(el.closest('.vega-twin').dataset.readout)[0], type: el.type, name,
            tabbable: el.tabIndex >= 0 && !el.disabled && el.getClientRects().length > 0};
  });
"""
KEYBOARD_PAGE = "book/01-scaling.html"
from selenium.webdriver.common.keys import Keys  # noqa: E402 (appended block: the keyboard tests' import)


def test_explorer_controls_are_labelled_and_in_the_tab_order(browser, emulate, twin_pages):
    driver, address = browser
    emulate(WIDTHS["desktop"])
    faults, counted = [], 0
    for page in twin_pages:
        open_page(driver, address, page, timeout=10)
        for control in driver.execute_script(CONTROLS_JS):
            counted += 1
            if not control["name"]:
                faults.append(f"{page}: a {control['type']} of {control['twin']!r} has no label")
            if not control["tabbable"]:
                faults.append(f"{page}: the {control['type']} {control['name']!r} cannot be reached by Tab")
    assert counted >= 10, f"only {counted} controls found"
    assert not faults, "\n".join(faults)


def test_tab_reaches_an_explorers_sliders_and_an_arrow_key_changes_its_readout(browser, emulate):
    driver, address = browser
    emulate(WIDTHS["desktop"])
    open_page(driver, address, KEYBOARD_PAGE)
    twin = driver.find_element(By.CSS_SELECTOR, ".vega-twin:has(input[type=range])")
    controls = twin.find_elements(By.CSS_SELECTOR, ".vega-bindings input, .vega-bindings select")
    # start from the last focusable element before the explorer, as a reader tabbing down the page would
    driver.execute_script("""
      const twin = arguments[0];
      const all = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
        .filter(el => el.tabIndex >= 0 && el.getClientRects().length
                      && (el.compareDocumentPosition(twin) & Node.DOCUMENT_POSITION_FOLLOWING));
      (all.length ? all[all.length - 1] : document.body).focus();""", twin)

    def active():
        return driver.switch_to.active_element

    for _ in range(10):  # a scrollable code block or output between may take a Tab or two
        active().send_keys(Keys.TAB)
        if driver.execute_script("return arguments[0].contains(document.activeElement)", twin):
            break
    moved = False
    for i, control in enumerate(controls):
        assert active() == control, (f"Tab reached {active().get_attribute('outerHTML')[:120]}, not the "
                                     f"explorer's control {i + 1} of {len(controls)}")
        if control.get_attribute("type") == "range" and not moved:
            moved = change_with_arrow_keys(twin, control)
        active().send_keys(Keys.TAB)
    assert moved, "the explorer has no slider"


def change_with_arrow_keys(twin, slider):
    """Press an arrow key on the focused slider until its explorer's readout sentence changes (one step may not
    change the rounded sentence); asserts the value and the sentence changed."""
    readout = twin.find_element(By.CSS_SELECTOR, ".vega-twin-readout")
    before_value, before_text = slider.get_attribute("value"), readout.text
    key = Keys.ARROW_RIGHT if float(before_value) < float(slider.get_attribute("max")) else Keys.ARROW_LEFT
    for _ in range(5):
        slider.send_keys(key)
        time.sleep(0.2)
        if readout.text != before_text:
            break
    assert slider.get_attribute("value") != before_value, "the arrow key did not move the slider"
    assert readout.text != before_text, f"the readout stayed {before_text!r}"
    return True
