"""The static site works without a server: explorers' twins compute in the browser what the Python functions
compute, nothing loads from outside the site, and equations are typeset from the site's own MathJax."""
import json
import math
import time

import numpy as np
import pytest
from selenium.webdriver.common.by import By

from helpers import book_page, unit_pages

from scaling_course import (automation, emergence, feedback, fitting, goodhart, inputs, laws, reliability, scaling_lab,
                            superposition)
from scaling_course.explorers import safety

PAGES = ["book/intro.html", *unit_pages("book"), "book/glossary.html", "book/guides/01-scaling.html",
         "exercises/01-scaling-exercises.html"]
LOCAL = ("http://127.0.0.1", "data:", "blob:", "about:", "chrome:", "chrome-extension:", "devtools:")


def js_round(x):
    return math.floor(x + 0.5)


def nines_expected(v):
    p = reliability.reliability_from_nines(v["nines"])
    steps = js_round(10 ** v["log10_steps"])
    return {"p": p, "steps": steps, "success": reliability.chain_success(p, steps),
            "needed": reliability.required_step_reliability(v["target"], steps)}


def emergence_expected(v):
    n = 10 ** v["log10_params"]
    return {"token_accuracy": emergence.token_accuracy(n),
            "exact_match": emergence.exact_match(n, v["answer_length"]),
            "wrong_tokens": emergence.token_edit_distance(n, v["answer_length"])}


def budget_expected(v):
    values = {}
    for fit in ("epoch", "hoffmann"):
        values[f"n_{fit}"], values[f"d_{fit}"] = laws.compute_optimal(10 ** v["log10_compute"], fit)
    return values


def effective_expected(v):
    rate = inputs.effective_ooms_per_year(v["spend"], v["hardware"], v["algorithms"])
    return {"ooms_per_year": rate, "years_to_close": inputs.years_to_close(v["gap"], v["spend"], v["hardware"],
                                                                           v["algorithms"])}


def automation_expected(v):
    return {"output_multiple": automation.output_multiple(v["f"], v["sigma"]),
            "output_multiple_idle": automation.output_multiple(v["f"], v["sigma"], displaced=automation.IDLE),
            "labour_share": automation.labour_share(v["f"], v["sigma"], 10 ** v["log10_machines"])}


def _fit_sweep():
    rng = np.random.default_rng(1)  # as in book/01-scaling.ipynb
    return fitting.complexity_sweep(*fitting.noisy_sine(100, rng), *fitting.noisy_sine(1000, rng))


def fit_expected(v, sweep=None):
    sweep = _fit_sweep() if sweep is None else sweep
    return {"piecewise_mse": sweep["piecewise"][int(v["bins"]) - 1, 2],
            "polynomial_mse": sweep["polynomial"][int(v["degree"]), 2]}


def superposition_expected(v):
    sparsity = [0.0, 0.7, 0.8, 0.9, 0.99][int(v["index"])]  # as in book/03-internals.ipynb
    W, _ = superposition.train(sparsity=sparsity, restarts=4, seed=0)
    return {"sparsity": sparsity, "features_kept": len(superposition.represented(W))}


def data_expected(v):
    stock = v["stock"] * 1e12  # the effective stock, used once (no repetition on top of it)
    return {"stock_tokens": stock,
            "crossing_year": inputs.data_crossing_year(stock_tokens=stock, growth_per_year=v["growth"],
                                                        overtrain=10 ** v["log10_overtrain"])}


def goodhart_expected(v):
    scale = safety.ERROR_SCALES[int(v["scale_index"])]
    n, d, gaussian, _ = goodhart.curve("gaussian", float(scale))
    heavy = goodhart.curve("student_t", float(scale))[2]
    i = int(v["point"])
    return {"error_scale": scale, "n": n[i], "d": d[i], "gold_gaussian": gaussian[i], "gold_heavy": heavy[i]}


def feedback_expected(v):
    log_level = float(feedback.exact_log_level(10.0, v["r"]))
    return {"blow_up_years": feedback.blow_up_time(v["r"]), "log10_level_after": log_level / math.log(10)}


def isoflop_expected(v):
    """From the stored sweep, independently of the explorer: the budget's runs, a parabola of held-out loss in
    ln N through the lowest-loss size and up to two sizes on each side, its vertex; the slope of ln N_opt on ln C."""
    runs = scaling_lab.load_sweep()["isoflop"]
    budgets = sorted({r["budget"] for r in runs})
    optima = []
    for budget in budgets:
        group = sorted((r for r in runs if r["budget"] == budget), key=lambda r: r["params"])
        best = int(np.argmin([r["held_out_loss"] for r in group]))
        group = group[max(0, best - 2):best + 3]
        a, b, c = np.polyfit(np.log([r["params"] for r in group]), [r["held_out_loss"] for r in group], 2)
        optima.append((math.exp(-b / (2 * a)), c - b * b / (4 * a)))
    exponent = np.polyfit(np.log(budgets), np.log([n for n, _ in optima]), 1)[0]
    i = int(v["budget_index"])
    return {"budget": budgets[i], "n_opt": optima[i][0], "loss_opt": optima[i][1], "exponent": exponent}


# twin (as named in explorers/<slug>.py) -> (chapter slug, its readout's first name, settings to try, expected values)
TWINS = {
    "nines_twin": ("evals", "nines", [dict(nines=n, log10_steps=s, target=t) for n, s, t in
                                     ((1, 1, 0.9), (1.35, 0.05, 0.5), (2.5, 2.35, 0.77), (4, 3.2, 0.99), (6, 4, 0.6),
                                      (3.05, 1.65, 0.84))], nines_expected),
    "emergence_twin": ("evals", "answer_length", [dict(answer_length=l, log10_params=n) for l, n in
                                             ((1, 6), (10, 10), (37, 8.35), (50, 13), (5, 11.2))], emergence_expected),
    "compute_twin": ("scaling", "log10_compute", [dict(log10_compute=c) for c in (18, 20.25, 23.75, 26.5, 28)],
                      budget_expected),
    "fit_twin": ("scaling", "bins", [dict(bins=b, degree=d) for b, d in ((1, 0), (5, 3), (13, 9), (25, 15))],
             fit_expected),
    "superposition_twin": ("internals", "index", [dict(index=i) for i in (0, 2, 4)], superposition_expected),
    "effective_compute_twin": ("inputs", "spend", [dict(spend=s, hardware=h, algorithms=a, gap=g) for s, h, a, g in
                                      ((2.5, 2.5, 1, 4), (1, 5, 3, 1), (4.7, 1.3, 0.35, 7.5), (3.1, 2.2, 0.65, 2))],
              effective_expected),
    "data_twin": ("inputs", "growth", [dict(growth=g, stock=t, log10_overtrain=o) for g, t, o in
                                       ((4.5, 300, 0), (2, 1000, 2), (6, 100, 0.7), (3.3, 470, 1.3))], data_expected),
    "goodhart_twin": ("safety", "point", [dict(point=p, scale_index=k) for p, k in ((20, 3), (0, 0), (53, 7), (33, 1))],
              goodhart_expected),
    "feedback_twin": ("explosion", "r", [dict(r=r) for r in (1.2, 0.3, 1.0, 1.07, 3.6, 4.0)], feedback_expected),
    "isoflop_twin": ("lab", "budget_index", [dict(budget_index=i) for i in (1, 0, 2, 1)], isoflop_expected),
    "automation_twin": ("impact", "f", [dict(f=f, sigma=s, log10_machines=m) for f, s, m in
                                  ((0.9, 0.5, 3), (0, 0.1, 0), (0.99, 0.95, 6), (0.37, 0.75, 1.7))], automation_expected),
}


def twin_by_first_name(driver, name):
    for twin in driver.find_elements(By.CSS_SELECTOR, ".vega-twin"):
        if json.loads(twin.get_attribute("data-readout"))[0] == name:
            return twin
    raise AssertionError(f"no twin whose readout starts with {name!r}")


def readout(twin):
    """The readout's exact values (its text is a sentence for readers; data-values keeps every value)."""
    values = json.loads(twin.find_element(By.CSS_SELECTOR, ".vega-twin-readout").get_attribute("data-values"))
    return {name: float(value) for name, value in values.items()}


def set_slider(driver, twin, name, value):
    field = twin.find_element(By.CSS_SELECTOR, f"input[type=range][name='{name}']")
    driver.execute_script("arguments[0].value = arguments[1];"
                          "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", field, str(value))


@pytest.mark.parametrize("name", sorted(TWINS))
def test_twin_computes_what_python_computes(browser, name):
    driver, base = browser
    slug, first, settings, expected_of = TWINS[name]
    driver.get(f"{base}/{book_page(slug)}")
    twin = twin_by_first_name(driver, first)
    deadline = time.time() + 10
    while not twin.find_element(By.CSS_SELECTOR, ".vega-twin-readout").text and time.time() < deadline:
        time.sleep(0.1)
    assert not twin.find_element(By.CSS_SELECTOR, ".vega-twin-fallback").is_displayed(), "the twin did not start"
    for values in settings:
        for name, value in values.items():
            set_slider(driver, twin, name, value)
        shown = readout(twin)
        for name, value in values.items():
            assert shown[name] == pytest.approx(value, rel=1e-12), f"{first}: slider {name} did not take {value}"
        for name, value in expected_of(values).items():
            assert shown[name] == pytest.approx(float(value), rel=1e-9), f"{first} at {values}: {name}"


def test_twins_keep_their_snapshot_for_readers_without_javascript(browser, built_book):
    driver, base = browser
    driver.get(f"{base}/book/02-evals.html")
    twins = driver.find_elements(By.CSS_SELECTOR, ".vega-twin")
    assert twins
    for twin in twins:
        fallback = twin.find_element(By.CSS_SELECTOR, ".vega-twin-fallback")
        # A file of the site's own, loaded lazily (issue 23: no base64 PNG inlined in the page), with its alt text.
        src = fallback.get_attribute("src") or ""
        assert "/_images/snapshot-" in src and src.endswith(".png"), src[:80]
        assert (fallback.get_attribute("alt") or "").strip()
        html = built_book[2]
        assert (html / "_images" / src.rsplit("/", 1)[-1]).stat().st_size > 1000


@pytest.mark.parametrize("page", PAGES)
def test_nothing_loads_from_outside_the_site(browser, page):
    driver, base = browser
    driver.get_log("performance")  # drop what earlier pages logged
    driver.get(f"{base}/{page}")
    time.sleep(1.0)
    requests = [json.loads(entry["message"])["message"] for entry in driver.get_log("performance")]
    urls = {m["params"]["request"]["url"] for m in requests if m["method"] == "Network.requestWillBeSent"}
    outside = sorted(url for url in urls if not url.startswith(LOCAL))
    assert not outside, f"{page} loads from outside the site: {outside[:5]}"


def test_equations_are_typeset_by_the_sites_own_mathjax(browser):
    driver, base = browser
    driver.get(f"{base}/book/01-scaling.html")
    deadline = time.time() + 15
    while not driver.find_elements(By.CSS_SELECTOR, "mjx-container") and time.time() < deadline:
        time.sleep(0.2)
    assert len(driver.find_elements(By.CSS_SELECTOR, "mjx-container")) >= 2  # the two display equations
    assert "$$" not in driver.find_element(By.CSS_SELECTOR, "main").text
