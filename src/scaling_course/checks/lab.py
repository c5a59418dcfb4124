"""Checks for the scaling lab's exercises: fit α with E given, pick E by scanning a grid, predict the next model's
loss and its errors, and find N_opt from an isoFLOP parabola in ln N.

Every check runs the lab's own numbers (the stored sweep) and synthetic cases a person can work out, in shuffled
order and at sizes far beyond the lab's, and names the usual mistakes only when the answer equals them: log bases
mixed up, E forgotten, a fit in linear space, the train loss where the held-out loss is asked, a parabola in N.
Calling the lab module itself (`scaling_lab.fit_loss_curve`, `isoflop_optima`) answers a different question, and
the checks say so.
"""
import math

import numpy as np

from .. import scaling_lab
from . import Wrong, as_number, close, judge, run_check


# Points per exercise, in the order of the exercise notebook (used by scaling_course.grade).
POINTS = {"fit_alpha_given_E": 2, "fit_by_scanning_E": 3, "predict_next": 2, "n_opt_from_isoflop": 3}

FIT_REL = 1e-6  # a least-squares line in float64 (or float32 inputs) lands well within this
WOBBLE = np.array([1.004, 0.997, 1.002, 0.995, 1.003, 0.999, 1.001])  # fixed multiplicative noise


def _numbers(value, count, what):
    """value as a float array of `count` finite numbers (a tuple, list or array), or Wrong in one sentence."""
    if value is None:
        raise Wrong(f"{what} is None: did you forget to `return` it?")
    try:
        flat = not isinstance(value, (dict, str, bytes, set)) and np.ndim(value) == 1
    except ValueError:  # a ragged list
        flat = False
    if not flat or len(value) != count:
        raise Wrong(f"{what} should be {count} numbers in a tuple, got {type(value).__name__}"
                    f"{f' of length {len(value)}' if flat else ''}.")
    numbers = np.array([as_number(v, f"item {i + 1} of {what}") for i, v in enumerate(value)])
    return numbers


def _line(log_n, log_y):
    slope, intercept = np.polyfit(log_n, log_y, 1)
    return intercept, slope


def _alpha_given_e(n, loss, E):
    intercept, slope = _line(np.log(n), np.log(np.asarray(loss) - E))
    return np.array([math.exp(intercept), -slope])


def _linear_space_fit(n, loss, E):
    """The least-squares fit of A·N^(−α) to L − E in linear space (what curve_fit on L − E finds)."""
    n, excess = np.asarray(n, float), np.asarray(loss, float) - E

    def best_a(alpha):
        x = n**-alpha
        return float(x @ excess / (x @ x))

    def cost(alpha):
        return float(np.sum((best_a(alpha) * n**-alpha - excess) ** 2))

    low, high = 1e-4, 3.0
    for _ in range(200):  # golden section on α
        a, b = high - 0.618034 * (high - low), low + 0.618034 * (high - low)
        low, high = (low, b) if cost(a) < cost(b) else (a, high)
    alpha = (low + high) / 2
    return np.array([best_a(alpha), alpha])


def _synthetic(n, E, A, alpha, wobble=True):
    n = np.asarray(n, float)
    return E + A * n**-alpha * (WOBBLE[:len(n)] if wobble else 1.0)


def fit_alpha_given_E(learner_fn):
    """learner_fn(n, loss, E) -> (A, alpha): the least-squares line of ln(L − E) against ln N."""
    order = np.array([3, 0, 5, 1, 4, 2])
    n_lab = np.array([r["params"] for r in scaling_lab.load_sweep()["size_sweep"]], float)
    loss_lab = np.array([r["held_out_loss"] for r in scaling_lab.load_sweep()["size_sweep"]])
    big = np.geomspace(1e7, 1e11, 6)[order]
    cases = [
        ((np.array([1e3, 1e4, 1e5, 1e6]), _synthetic([1e3, 1e4, 1e5, 1e6], 1.5, 20.0, 0.3, False), 1.5),
         np.array([20.0, 0.3]), "L = 1.5 + 20·N^(−0.3) exactly", FIT_REL),
        ((n_lab[order], loss_lab[order], 2.35), _alpha_given_e(n_lab, loss_lab, 2.35),
         "the lab's six held-out losses, shuffled, with E = 2.35", FIT_REL),
        ((big, _synthetic(big, 1.69, 406.4, 0.34), 1.69), _alpha_given_e(big, _synthetic(big, 1.69, 406.4, 0.34), 1.69),
         "sizes of 10^7 to 10^11 around Chinchilla's law, shuffled", FIT_REL),
    ]
    mistakes = [
        (lambda n, loss, E: (lambda c, s: np.array([math.exp(c), -s]))(*_line(np.log(n), np.log(loss))),
         "you fitted ln L, not ln(L − E): subtract the E you are given before taking logs"),
        (lambda n, loss, E: (lambda c, s: np.array([math.exp(c), -s]))(*_line(np.log10(n), np.log10(loss - E))),
         "you fitted in log10 but undid the intercept with exp(): mixing log bases; use 10**intercept, or ln "
         "throughout"),
        (lambda n, loss, E: (lambda c, s: np.array([c, -s]))(*_line(np.log(n), np.log(loss - E))),
         "your A is ln A: undo the log with exp() before returning it"),
        (lambda n, loss, E: (lambda c, s: np.array([math.exp(c), s]))(*_line(np.log(n), np.log(loss - E))),
         "alpha came out negative: the loss falls with N, so alpha is minus the slope"),
        (lambda n, loss, E: _alpha_given_e(n, loss, E)[::-1], "return (A, alpha) in that order"),
        (lambda n, loss, E: np.array(scaling_lab.fit_loss_curve(n, loss)[1:]),
         "you fitted E yourself (as scaling_lab.fit_loss_curve does): the exercise gives you E; fit only A and α"),
    ]

    def check_cases(call):
        def explain(args, got):  # an optimiser's fit in linear space lands near, not on, the exact minimum
            if close(got, _linear_space_fit(*args), rel=1e-3):
                return ("you fitted A·N^(−α) to L − E in linear space, where the largest excess dominates: fit the "
                        "straight line of ln(L − E) against ln N")
            return None

        judge(call, "fit_alpha_given_E", cases, mistakes, read=lambda value, args: _numbers(value, 2, "the result"),
              compare=lambda got, value, args, rel: close(got, value, rel=rel or FIT_REL), explain=explain,
              show=lambda args: f"fit_alpha_given_E on {len(args[0])} sizes from {min(args[0]):.3g} to "
                                f"{max(args[0]):.3g} with E = {args[2]}")
        return "recovers α = 0.3 exactly, and the log-log line on the lab's losses and on shuffled sizes up to 10^11."

    return run_check("fit_alpha_given_E", learner_fn, check_cases)


def _scan(rows, grid, key="held_out_loss", criterion="L"):
    """The reference: for each E in the grid below the lowest loss, the line fit of ln(L − E) against ln N; the E
    whose curve has the smallest squared error in L (criterion "line": in the line's own residual)."""
    n = np.array([r["params"] for r in rows], float)
    loss = np.array([r[key] for r in rows], float)
    best = None
    for E in sorted(float(e) for e in grid):
        if E >= loss.min():
            continue
        A, alpha = _alpha_given_e(n, loss, E)
        if criterion == "L":
            error = float(np.sum((E + A * n**-alpha - loss) ** 2))
        else:
            error = float(np.sum((np.log(A) - alpha * np.log(n) - np.log(loss - E)) ** 2))
        if best is None or error < best[0]:
            best = (error, np.array([E, A, alpha]))
    return best[1]


def _rows(n, held, train):
    return [{"params": int(p), "held_out_loss": float(h), "train_loss": float(t)} for p, h, t in zip(n, held, train)]


def fit_by_scanning_E(learner_fn):
    """learner_fn(rows, E_grid) -> (E, A, alpha): the grid's E (below the lowest held-out loss) whose line fit of
    ln(L − E) against ln N gives the smallest squared error in L."""
    n1 = np.array([1e3, 1e4, 1e5, 1e6, 3e3, 3e4])
    rows1 = _rows(n1, _synthetic(n1, 2.0, 30.0, 0.4, False), _synthetic(n1, 1.8, 30.0, 0.4, False))
    grid1 = np.array([2.5, 1.0, 2.0, 1.5, 0.5, 2.1, 3.0])  # 2.5 and 3.0 lie above the lowest loss
    lab = scaling_lab.load_sweep()["size_sweep"]
    rows2 = [{k: r[k] for k in ("params", "held_out_loss", "train_loss")} for r in lab][::-1]
    grid2 = np.random.default_rng(4).permutation(np.round(np.arange(0, 2.75, 0.05), 2))
    n3 = np.geomspace(1e7, 1e11, 7)[[4, 1, 6, 0, 3, 5, 2]]
    rows3 = _rows(n3, _synthetic(n3, 1.69, 406.4, 0.34), _synthetic(n3, 1.55, 406.4, 0.34))
    grid3 = np.linspace(0, 2, 201)[::-1]
    # Finer grids on noisy rows, where the misfit measure decides E: absolute, relative, largest or log errors
    # pick another E than the squared error in L the text asks for.
    grid4 = np.round(np.arange(0, 2.5, 0.01), 2)[::-1]
    n5 = np.geomspace(1e6, 1e10, 6)
    held5 = np.array([2.753535, 2.494042, 2.288868, 2.150875, 2.082915, 2.048544])
    rows5 = _rows(n5, held5, held5 - 0.08)
    grid5 = np.round(np.arange(0, 2.04, 0.01), 2)
    cases = [((rows1, grid1), np.array([2.0, 30.0, 0.4]), "the rows lie on L = 2 + 30·N^(−0.4)", FIT_REL),
             ((rows2, grid4), _scan(rows2, grid4), "the lab's six models, E on a grid of 0.01", FIT_REL),
             ((rows5, grid5), _scan(rows5, grid5), "six noisy sizes of 10^6 to 10^10, E on a grid of 0.01", FIT_REL),
             ((rows2, grid2), _scan(rows2, grid2), "the lab's six models, E on a grid of 0.05", FIT_REL),
             ((rows3, grid3), _scan(rows3, grid3), "seven sizes of 10^7 to 10^11, shuffled, E on a grid of 0.01",
              FIT_REL)]
    mistakes = [
        (lambda rows, grid: _scan(rows, grid, key="train_loss"),
         "you fitted the train loss: the law is measured on the held-out loss (text the models never saw)"),
        (lambda rows, grid: _scan(rows, grid, criterion="line"),
         "you compared the line fits' residuals in ln(L − E), which change meaning as E changes: compare each "
         "curve's squared error in L itself"),
        (lambda rows, grid: np.array(scaling_lab.fit_loss_curve([r["params"] for r in rows],
                                                                [r["held_out_loss"] for r in rows])),
         "your E is not one of the grid's values (scaling_lab.fit_loss_curve fits E continuously): pick the best E "
         "from E_grid"),
    ]

    def read(value, args):
        if isinstance(value, (tuple, list)) and len(value) == 3 and \
                any(v is not None and np.ndim(v) == 0 and isinstance(v, (float, np.floating)) and np.isnan(v)
                    for v in value):
            raise Wrong("your result holds NaN: skip the grid's E values at or above the lowest loss (ln(L − E) "
                        "needs L > E).")
        return _numbers(value, 3, "the result")

    def check_cases(call):
        judge(call, "fit_by_scanning_E", cases, mistakes, read=read,
              compare=lambda got, value, args, rel: close(got, value, rel=rel or FIT_REL),
              show=lambda args: f"fit_by_scanning_E on {len(args[0])} models with {len(args[1])} E values")
        return ("picks E = 2 on an exact law, the best grid E on the lab's six models and on shuffled sizes up to "
                "10^11, skipping E at or above the lowest loss.")

    return run_check("fit_by_scanning_E", learner_fn, check_cases)


def _predict(law, n, actual):
    predicted = law["E"] + law["A"] * float(n) ** -law["alpha"]
    return np.array([predicted, (predicted - actual) / actual, (predicted - actual) / (actual - law["E"])])


def _without_e(law, n, actual):
    predicted = law["A"] * float(n) ** -law["alpha"]
    return np.array([predicted, (predicted - actual) / actual, (predicted - actual) / (actual - law["E"])])


def predict_next(learner_fn):
    """learner_fn(law, n_next, actual) -> (predicted, relative error on L, relative error on L − E)."""
    stored = scaling_lab.load_sweep()["next_prediction"]
    lab_law = {k: stored[k] for k in ("E", "A", "alpha")}
    chinchilla = {"E": 1.69, "A": 406.4, "alpha": 0.34}
    cases = [(({"E": 2.0, "A": 10.0, "alpha": 0.5}, 100, 2.9), _predict({"E": 2.0, "A": 10.0, "alpha": 0.5}, 100, 2.9),
              "2 + 10·100^(−0.5) = 3; (3 − 2.9)/2.9 on L and (3 − 2.9)/(2.9 − 2) above E", None),
             ((lab_law, np.int64(stored["params"]), stored["actual"]),
              _predict(lab_law, stored["params"], stored["actual"]), "the lab's law and its next model", None),
             ((chinchilla, 7e10, 2.0), _predict(chinchilla, 7e10, 2.0), "Chinchilla's law at 70 B parameters, "
                                                                         "a model that beat the prediction", None)]
    mistakes = [
        (_without_e, "you left out E: the law is E + A·N^(−α)"),
        (lambda law, n, actual: _predict({**law, "alpha": -law["alpha"]}, n, actual),
         "your prediction grows with N: the law is E + A·N^(−α), a negative power"),
        (lambda law, n, actual: -_predict(law, n, actual) * [-1, 1, 1],
         "the errors have the wrong sign: take predicted minus actual"),
        (lambda law, n, actual: _predict(law, n, actual) * [1, 100, 100], "return fractions, not percentages"),
        (lambda law, n, actual: (lambda p: np.array([p[0], p[1], (p[0] - actual) / (p[0] - law["E"])]))(
            _predict(law, n, actual)), "divide the error above E by the actual loss's excess, actual − E, not by "
                                       "the prediction's"),
        (lambda law, n, actual: (lambda p: np.array([p[0], p[1], (p[0] - actual) / law["E"]]))(
            _predict(law, n, actual)), "the error on L − E divides by actual − E, not by E"),
        (lambda law, n, actual: _predict(law, 10 ** float(n), actual) if float(n) < 300 else None,
         "you raised 10 to the size before using it: n_next is a count of parameters, not its log10"),
        (lambda law, n, actual: np.abs(_predict(law, n, actual)), "keep the errors' signs (no abs): a negative error "
                                                                   "means the model beat the prediction"),
    ]

    def check_cases(call):
        judge(call, "predict_next", cases, mistakes, read=lambda value, args: _numbers(value, 3, "the result"),
              show=lambda args: f"predict_next at N = {float(args[1]):.4g} with actual loss {args[2]:.4g}")
        return ("predicts E + A·N^(−α) and both signed relative errors, on a worked case, the lab's next model and "
                "Chinchilla's law at 70 B.")

    return run_check("predict_next", learner_fn, check_cases)


def _vertex(rows, key="held_out_loss", x=np.log, undo=np.exp, size="params"):
    a, b, _ = np.polyfit(x(np.array([r[size] for r in rows], float)), [r[key] for r in rows], 2)
    return float(undo(-b / (2 * a)))


def n_opt_from_isoflop(learner_fn):
    """learner_fn(rows) -> N_opt: the vertex of the least-squares parabola of held-out loss against ln N,
    through every row (one compute budget's runs)."""
    n1 = np.round(np.geomspace(1e3, 1e5, 5))[[2, 4, 0, 3, 1]]
    budget1 = 1e12
    rows1 = [{"params": int(p), "tokens": int(budget1 / (6 * p)), "budget": budget1,
              "held_out_loss": 2 + 0.1 * (math.log(p) - math.log(5000)) ** 2,
              "train_loss": 1.9 + 0.1 * (math.log(p) - math.log(2000)) ** 2} for p in n1]
    lab = [r for r in scaling_lab.load_sweep()["isoflop"] if r["budget"] == 2e11][::-1]
    n3, budget3 = np.round(np.geomspace(1e8, 1e11, 7))[[5, 2, 0, 6, 3, 1, 4]], 1e22
    rows3 = [{"params": int(p), "tokens": int(budget3 / (6 * p)), "budget": budget3,
              "held_out_loss": 1.69 + 406.4 / p**0.34 + 410.7 / (budget3 / (6 * p)) ** 0.28,
              "train_loss": 1.6 + 406.4 / p**0.34 + 300.0 / (budget3 / (6 * p)) ** 0.28} for p in n3]
    cases = [((rows1,), 5000.0, "the held-out loss is 2 + 0.1·(ln N − ln 5000)²", 1e-6),
             ((lab,), _vertex(lab), "the lab's runs at 2·10^11 FLOPs", 1e-6),
             ((rows3,), _vertex(rows3), "seven sizes of 10^8 to 10^11 on Chinchilla's law at 10^22 FLOPs", 1e-6)]
    mistakes = [
        (lambda rows: _vertex(rows, x=lambda v: v, undo=lambda v: v),
         "you fitted the parabola in N: an isoFLOP curve is a parabola in ln N, so fit against np.log(N) and return "
         "exp(vertex)"),
        (lambda rows: _vertex(rows, x=np.log10, undo=np.exp),
         "you fitted in log10 N but undid it with exp(): mixing log bases; return 10**vertex"),
        (lambda rows: _vertex(rows, undo=lambda v: v), "you returned ln N_opt: return N_opt itself, exp(vertex)"),
        (lambda rows: _vertex(rows, x=np.log10, undo=lambda v: v), "you returned log10 N_opt: return N_opt itself"),
        (lambda rows: _vertex(rows, key="train_loss"),
         "you fitted the train loss: the compute-optimal size is judged on the held-out loss"),
        (lambda rows: _vertex(rows, size="tokens"), "your x axis is the tokens D: fit the loss against ln N, the "
                                                    "parameters"),
        (lambda rows: float(min(rows, key=lambda r: r["held_out_loss"])["params"]),
         "you returned the best size you trained: N_opt is the parabola's vertex, usually between the sizes"),
        (lambda rows: scaling_lab.isoflop_optima(rows)[0]["n_opt"] if len(rows) > 5 else None,
         "you fitted only the sizes near the lowest loss (as scaling_lab.isoflop_optima does): fit the parabola "
         "through every row you are given"),
    ]

    def check_cases(call):
        judge(call, "n_opt_from_isoflop", cases, mistakes,
              read=lambda value, args: as_number(value, "N_opt"),
              show=lambda args: f"n_opt_from_isoflop on {len(args[0])} runs at {args[0][0]['budget']:.3g} FLOPs")
        return ("finds N_opt = 5,000 on an exact parabola in ln N, the vertex of the lab's runs at 2·10^11 FLOPs, "
                "and of seven shuffled sizes up to 10^11.")

    return run_check("n_opt_from_isoflop", learner_fn, check_cases)
