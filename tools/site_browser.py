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
