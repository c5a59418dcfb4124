"""Every scaling-lab check rejects the stub and plausible wrong answers (with the named hint where one applies),
accepts the solution and right answers written other ways, and cannot be answered by calling the lab module."""
import math

import numpy as np
import pytest
from check_contract import contract_tests, hardening_tests
from helpers import ROOT, functions_from
from test_checks_caller import odd_answers_get_one_sentence

from scaling_course import scaling_lab
from scaling_course.checks import lab as check


SOLUTION = functions_from(ROOT / "solutions" / "lab-scaling-law.ipynb")
STUB = functions_from(ROOT / "exercises" / "lab-scaling-law-exercises.ipynb")


def _line(x, y):
    slope, intercept = np.polyfit(x, y, 1)
    return slope, intercept


def _log10_then_exp(n, loss, E):
    slope, intercept = _line(np.log10(n), np.log10(np.asarray(loss) - E))
    return math.exp(intercept), -slope


def _forgot_e(n, loss, E):
    slope, intercept = _line(np.log(n), np.log(loss))
    return math.exp(intercept), -slope


def _linear_space(n, loss, E):
    """A learner's curve_fit in linear space, by a grid over alpha and the best A for each."""
    n, excess = np.asarray(n, float), np.asarray(loss, float) - E
    alphas = np.linspace(0.01, 2, 4000)
    best = min(alphas, key=lambda a: np.sum(((n**-a @ excess) / (n**-a @ n**-a) * n**-a - excess) ** 2))
    return float((n**-best @ excess) / (n**-best @ n**-best)), float(best)


# Misfit measures a learner might use instead of the squared error in L (found by a trial learner).
MISFITS = {"absolute": lambda m, L: np.sum(np.abs(m - L)), "largest": lambda m, L: np.max(np.abs(m - L)),
           "relative": lambda m, L: np.sum(((m - L) / L) ** 2), "log": lambda m, L: np.sum(np.log(m / L) ** 2)}


def _scan(rows, grid, key="held_out_loss", criterion="L"):
    n = np.array([r["params"] for r in rows], float)
    loss = np.array([r[key] for r in rows], float)
    best = None
    for E in grid:
        if E >= loss.min():
            continue
        slope, intercept = _line(np.log(n), np.log(loss - E))
        A, alpha = math.exp(intercept), -slope
        model = E + A * n**-alpha
        if criterion == "L":
            error = np.sum((model - loss) ** 2)
        elif criterion in MISFITS:
            error = MISFITS[criterion](model, loss)
        else:
            error = np.sum((intercept + slope * np.log(n) - np.log(loss - E)) ** 2)
        if best is None or error < best[0]:
            best = (error, (float(E), A, alpha))
    return best[1]


def _scan_keeps_nan(rows, grid):
    n = np.array([r["params"] for r in rows], float)
    loss = np.array([r["held_out_loss"] for r in rows], float)
    with np.errstate(invalid="ignore"):
        fits = [(E, *_line(np.log(n), np.log(loss - E))) for E in grid]
    return max(fits, key=lambda f: f[0])[0], math.exp(fits[0][2]), float("nan")


def _vertex(rows, x=np.log, undo=np.exp, key="held_out_loss", size="params"):
    a, b, _ = np.polyfit(x(np.array([r[size] for r in rows], float)), [r[key] for r in rows], 2)
    return float(undo(-b / (2 * a)))


def _predict(law, n, actual, with_e=True, sign=1.0, scale=1.0):
    predicted = (law["E"] if with_e else 0.0) + law["A"] * float(n) ** -law["alpha"]
    return predicted, sign * scale * (predicted - actual) / actual, sign * scale * (predicted - actual) / (actual - law["E"])


WRONG = {
    "fit_alpha_given_E": [
        _forgot_e, _log10_then_exp, _linear_space,
        lambda n, loss, E: (lambda s, c: (c, -s))(*_line(np.log(n), np.log(loss - E))),           # ln A
        lambda n, loss, E: (lambda s, c: (math.exp(c), s))(*_line(np.log(n), np.log(loss - E))),  # sign of alpha
        lambda n, loss, E: scaling_lab.fit_loss_curve(n, loss)[1:],                               # fits E itself
        lambda n, loss, E: SOLUTION["fit_alpha_given_E"](n, loss, E)[::-1],                       # swapped
        lambda n, loss, E: {"A": 1.0, "alpha": 0.3},
        lambda n, loss, E: None,
    ],
    "fit_by_scanning_E": [
        lambda rows, grid: _scan(rows, grid, key="train_loss"),
        lambda rows, grid: _scan(rows, grid, criterion="line"),
        lambda rows, grid: scaling_lab.fit_loss_curve([r["params"] for r in rows], [r["held_out_loss"] for r in rows]),
        _scan_keeps_nan,
        *[lambda rows, grid, how=how: _scan(rows, grid, criterion=how) for how in MISFITS],
        lambda rows, grid: _scan(rows, sorted(grid)[:3]),                                         # part of the grid
        lambda rows, grid: _scan(rows, grid)[:2],                                                 # a pair
    ],
    "predict_next": [
        lambda law, n, actual: _predict(law, n, actual, with_e=False),
        lambda law, n, actual: _predict(law, n, actual, sign=-1.0),
        lambda law, n, actual: _predict(law, n, actual, scale=100.0),
        lambda law, n, actual: _predict({**law, "alpha": -law["alpha"]}, n, actual),
        lambda law, n, actual: (lambda p, e, _: (p, e, (p - actual) / (p - law["E"])))(*_predict(law, n, actual)),
        lambda law, n, actual: tuple(abs(v) for v in _predict(law, n, actual)),
        lambda law, n, actual: _predict(law, n, actual)[0],                                       # one number
    ],
    "n_opt_from_isoflop": [
        lambda rows: _vertex(rows, x=lambda v: v, undo=lambda v: v),                               # parabola in N
        lambda rows: _vertex(rows, x=np.log10, undo=np.exp),                                       # log10, exp
        lambda rows: _vertex(rows, key="train_loss"),
        lambda rows: _vertex(rows, undo=lambda v: v),                                              # ln N_opt
        lambda rows: float(min(rows, key=lambda r: r["held_out_loss"])["params"]),                 # best trained
        lambda rows: scaling_lab.isoflop_optima(rows)[0]["n_opt"],                                 # near the minimum only
        lambda rows: _vertex(rows, size="tokens"),
        lambda rows: [_vertex(rows)],                                                              # a list
    ],
}

CORRECT = {
    "fit_alpha_given_E": [
        lambda n, loss, E: (lambda s, c: (10**c, -s))(*_line(np.log10(n), np.log10(loss - E))),   # log10 throughout
        lambda n, loss, E: np.array(SOLUTION["fit_alpha_given_E"](n, loss, E), dtype=np.float32),
        lambda n, loss, E: tuple(np.array(v) for v in SOLUTION["fit_alpha_given_E"](
            np.asarray(n, np.float32), np.asarray(loss, np.float64), E)),                           # 0-d arrays
        lambda n, loss, E: (lambda c: (math.exp(c[0]), -c[1]))(np.linalg.lstsq(
            np.column_stack([np.ones(len(n)), np.log(n)]), np.log(loss - E), rcond=None)[0]),
    ],
    "fit_by_scanning_E": [
        _scan,
        lambda rows, grid: np.array(_scan(sorted(rows, key=lambda r: r["params"]), np.sort(grid))),
        lambda rows, grid: [np.float32(v) for v in _scan(rows, grid)],
    ],
    "predict_next": [
        lambda law, n, actual: np.array(_predict(law, n, actual)),
        lambda law, n, actual: [np.float32(v) for v in _predict(law, n, actual)],
        lambda law, n, actual: (lambda p: (p, p / actual - 1, (p - law["E"]) / (actual - law["E"]) - 1))(
            law["E"] + law["A"] * math.exp(-law["alpha"] * math.log(n))),
    ],
    "n_opt_from_isoflop": [
        lambda rows: 10 ** _vertex(rows, x=np.log10, undo=lambda v: v),                            # log10, 10**
        lambda rows: np.array(_vertex(rows)),                                                      # a 0-d array
        lambda rows: np.float32(_vertex(rows)),
    ],
}


(test_solution_passes, test_stub_is_not_attempted, test_wrong_answer_is_rejected_with_one_sentence,
 test_not_a_function_is_refused, test_every_exercise_has_wrong_answers) = contract_tests(check, SOLUTION, STUB, WRONG)

(test_right_answers_written_other_ways_pass, test_wrong_answers_are_read_not_tripped_over,
 test_an_endless_loop_an_interrupt_or_an_exit_is_one_sentence) = hardening_tests(check, WRONG, CORRECT)


def test_each_exercise_has_at_least_three_wrong_answers():
    assert all(len(answers) >= 3 for answers in WRONG.values())


@pytest.mark.parametrize("name, index, words", [
    ("fit_alpha_given_E", 0, "subtract the E"), ("fit_alpha_given_E", 1, "mixing log bases"),
    ("fit_alpha_given_E", 2, "linear space"), ("fit_alpha_given_E", 5, "fitted E yourself"),
    ("fit_by_scanning_E", 0, "train loss"), ("fit_by_scanning_E", 1, "residuals in ln(L − E)"),
    ("fit_by_scanning_E", 2, "not one of the grid's values"), ("fit_by_scanning_E", 3, "NaN"),
    ("predict_next", 0, "left out E"), ("predict_next", 1, "wrong sign"), ("predict_next", 2, "percentages"),
    ("predict_next", 4, "actual − E"),
    ("n_opt_from_isoflop", 0, "parabola in N"), ("n_opt_from_isoflop", 1, "mixing log bases"),
    ("n_opt_from_isoflop", 2, "train loss"), ("n_opt_from_isoflop", 4, "vertex"),
    ("n_opt_from_isoflop", 5, "every row"), ("n_opt_from_isoflop", 6, "tokens"),
])
def test_mistakes_are_named(name, index, words):
    result = getattr(check, name)(WRONG[name][index])
    assert not result and words in result.message, repr(result)


def test_a_function_that_changes_its_input_cannot_change_the_checks_data():
    def sorts_in_place(rows, grid):
        rows.sort(key=lambda r: r["params"])
        grid.sort()
        return _scan(rows, grid)
    assert check.fit_by_scanning_E(sorts_in_place).passed


def test_odd_answers_get_one_sentence():
    assert odd_answers_get_one_sentence(check, sorted(check.POINTS)) > 0


def test_crashing_answer_reports_the_error_not_a_traceback():
    result = check.predict_next(lambda law, n, actual: 1 / 0)
    assert "ZeroDivisionError" in repr(result) and not result
