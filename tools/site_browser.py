"""The built site served on localhost and a headless Chromium to read it: shared by the browser tests
(tests/conftest.py) and the benchmark (tools/bench.py)."""
import contextlib
import functools
import http.server
import shutil
import socketserver
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,1600")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Recorder(socketserver.StreamRequestHandler):
    """A proxy that forwards nothing: it notes the first line of each request (`CONNECT host:443`, or
    `GET http://...`) and closes. Chromium sends it every request that would leave 127.0.0.1, from pages
    and from web workers alike (the performance log sees only pages)."""

    def handle(self):
        line = self.rfile.readline(8192).decode("latin-1").strip()
        if line:
            self.server.requests.append(line)


@contextlib.contextmanager
def served_in_chromium(directory, network_log=False, outside=None):
    """Serve `directory` on 127.0.0.1 and yield (driver, base address); with network_log, Chromium keeps its
    performance log (every request) for the no-CDN test. With a list `outside`, every request that would
    leave 127.0.0.1 goes to a recording proxy instead and its first line is appended to the list. The console
    is always logged (driver.get_log("browser"))."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    profile = tempfile.mkdtemp()
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in FLAGS + (f"--user-data-dir={profile}",):
        options.add_argument(flag)
    # The console ('browser' log, read with driver.get_log("browser")) always: the page tests fail on its errors,
    # and with `outside` Pyodide says there which packages failed to arrive.
    logs = {"browser": "ALL", **({"performance": "ALL"} if network_log else {})}
    recorder = None
    if outside is not None:
        recorder = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Recorder)
        recorder.daemon_threads, recorder.requests = True, outside
        threading.Thread(target=recorder.serve_forever, daemon=True).start()
        options.add_argument(f"--proxy-server=127.0.0.1:{recorder.server_address[1]}")
    options.set_capability("goog:loggingPrefs", logs)
    try:
        driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"),
                                  options=options)
        try:
            yield driver, f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            driver.quit()
    finally:
        server.shutdown()
        if recorder is not None:
            recorder.shutdown()
        shutil.rmtree(profile, ignore_errors=True)


def open_lite_repl(driver, address, code):
    """Open the site's JupyterLite REPL on a new kernel, with `code` as its first cell."""
    driver.get(f"{address}/lite/repl/index.html?kernel=python&toolbar=1&code=" + urllib.parse.quote(code))


def lite_output(driver):
    """The text of every output the open JupyterLite page shows."""
    return "\n".join(o.text for o in driver.find_elements("css selector", ".jp-OutputArea-output"))


def run_in_lite(driver, address, code, timeout=120):
    """Run `code`, which prints DONE at its end, in a new JupyterLite REPL; its output once DONE or an Error
    shows, or when `timeout` seconds have passed (the caller checks for DONE)."""
    open_lite_repl(driver, address, code)
    deadline, text = time.perf_counter() + timeout, ""
    while time.perf_counter() < deadline and "DONE" not in text and "Error" not in text:
        time.sleep(0.1)
        text = lite_output(driver)
    return text


# Lumino's menu bar (JupyterLab, and JupyterLite's notebook app): the labels of the open menu's items, as shown.
_OPEN_MENU_ITEMS = """
const menu = document.querySelector('.lm-Menu');
return menu && Array.from(menu.querySelectorAll('.lm-Menu-item:not(.lm-mod-hidden) .lm-Menu-itemLabel'))
  .map(label => label.textContent.trim()).filter(Boolean);
"""


def open_menu(driver, title):
    """Click the menu bar's `title` menu open, as a learner does."""
    driver.find_element("xpath", f"//li[contains(@class, 'lm-MenuBar-item')][normalize-space(.)='{title}']").click()


def menu_items(driver, title, timeout=10):
    """The item labels of the menu bar's `title` menu, opened with a click as a learner opens it, then closed."""
    from selenium.webdriver.common.keys import Keys

    open_menu(driver, title)
    deadline, labels = time.perf_counter() + timeout, None
    while not labels and time.perf_counter() < deadline:
        time.sleep(0.1)
        labels = driver.execute_script(_OPEN_MENU_ITEMS)
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    return labels or []


def missing_menu_items(driver, paths):
    """The (menu, item) paths among `paths` whose item the menu bar's menu lacks, as texts "Menu → Item (the
    menu's items: ...)"."""
    menus = {menu: menu_items(driver, menu) for menu, *_ in paths}
    return [f"{menu} → {item} (the menu's items: {menus[menu]})" for menu, item in paths if item not in menus[menu]]


def choose_menu_item(driver, title, item):
    """Open the menu bar's `title` menu and click its `item`, as a learner does."""
    open_menu(driver, title)
    driver.find_element("xpath", "//li[contains(@class, 'lm-Menu-item')][.//div[contains(@class, "
                        f"'lm-Menu-itemLabel')][normalize-space(.)='{item}']]").click()


def download_with_menu(driver, folder, timeout=30):
    """Choose File → Download, as a learner does, with Chromium's downloads going to `folder`; returns the
    notebooks found there once one has arrived (or after `timeout` seconds, whatever is there)."""
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)})
    choose_menu_item(driver, "File", "Download")
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline and not list(Path(folder).glob("*.ipynb")):
        time.sleep(0.2)
    return sorted(Path(folder).glob("*.ipynb"))


def type_at_end_of_cell(driver, starts_with, text, timeout=60):
    """Click into the code cell whose text starts with `starts_with`, as a learner does, and type `text` on a
    new line after its last one (the caller saves). The click is repeated until that cell's editor has the
    focus: cells above it may still be rendering and move it."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    find = """const e = Array.from(document.querySelectorAll('.jp-CodeCell .cm-content'))
                .find(e => e.innerText.trimStart().startsWith(arguments[0]));
              if (e) e.scrollIntoView({block: 'center'});
              return e || null"""
    deadline, focused = time.perf_counter() + timeout, False
    while not focused and time.perf_counter() < deadline:
        editor = driver.execute_script(find, starts_with)
        if editor is not None:
            time.sleep(0.3)
            ActionChains(driver).click(editor).perform()
            focused = driver.execute_script("return arguments[0].contains(document.activeElement)", editor)
        if not focused:
            time.sleep(0.5)
    assert focused, f"no code cell starting with {starts_with!r} could be clicked into within {timeout} s"
    (ActionChains(driver).key_down(Keys.CONTROL).send_keys(Keys.END).key_up(Keys.CONTROL)
     .send_keys(Keys.ENTER).send_keys(text).perform())


def save_with_ctrl_s(driver):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    ActionChains(driver).key_down(Keys.CONTROL).send_keys("s").key_up(Keys.CONTROL).perform()
