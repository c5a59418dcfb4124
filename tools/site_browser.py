"""The built site served on localhost and a headless Chromium to read it: shared by the browser tests
(tests/conftest.py) and the benchmark (tools/bench.py)."""
import contextlib
import functools
import http.server
import shutil
import tempfile
import threading

FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,1600")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def served_in_chromium(directory, network_log=False):
    """Serve `directory` on 127.0.0.1 and yield (driver, base address); with network_log, Chromium keeps its
    performance log (every request) for the no-CDN test."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    profile = tempfile.mkdtemp()
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in FLAGS + (f"--user-data-dir={profile}",):
        options.add_argument(flag)
    if network_log:
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    try:
        driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"),
                                  options=options)
        try:
            yield driver, f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            driver.quit()
    finally:
        server.shutdown()
        shutil.rmtree(profile, ignore_errors=True)
