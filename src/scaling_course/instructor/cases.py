"""The instructor's side of grading: the model solutions, held-out cases (checked against them before any
student is graded), per-class randomised cases drawn from a secret seed, and the flag for an answer that only
calls the course package's own implementation. All of this runs in the trusted grader, never in a kernel."""
import ast
import hashlib
import importlib
import inspect
import json
import numbers
from pathlib import Path

import numpy as np

from ..checks import Wrong, run_check
from .. import CHAPTERS
from .exercises import is_answer_key
from .grade_session import CHECK_CELL

ROOT = Path(__file__).resolve().parents[3]


class HeldOutError(Exception):
    """The held-out file cannot be used: one sentence for the instructor."""


def masters(chapter, slug, solutions=ROOT / "solutions"):
    """{exercise: function} from solutions/NN-slug.ipynb: its import cells and the cells that define functions
    (not the instructors' answer-key cells, which compute the worked answers to Going further)."""
    path = Path(solutions) / f"{CHAPTERS[chapter].stem(chapter)}.ipynb"
    notebook = json.loads(path.read_text())
    namespace = {"__name__": f"master_{chapter}"}
    for cell in notebook["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] != "code" or CHECK_CELL.match(source.strip()) or is_answer_key(cell):
            continue
        try:
            tree = ast.parse(source)
            code = compile(source, path.name, "exec")
        except SyntaxError:  # top-level await (the JupyterLite install cell): not needed here
            continue
        if any(isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef)) for node in tree.body):
            exec(code, namespace)
    return namespace


def _wrap(case):
    """A held-out case as run_check cases: `assert` and Wrong both fail the answer with their sentence."""
    def cases(call):
        try:
            case(call)
        except AssertionError as error:
            raise Wrong(str(error) or "an assert in the instructor's case failed.") from None
        return "held-out cases passed."
    return cases


def load_held_out(source, chapter, slug, names):
    """{exercise: case} from the held-out file's text, each case run against the model solution first."""
    namespace = {"__name__": "held_out"}
    try:
        exec(compile(source, "held-out file", "exec"), namespace)
    except Exception as error:
        raise HeldOutError(f"the held-out file raised {type(error).__name__}: {error}") from None
    defined = {key: value for key, value in namespace.items() if inspect.isfunction(value)
               and value.__module__ == "held_out" and not key.startswith("_")}
    unknown = sorted(set(defined) - set(names))
    if unknown:
        raise HeldOutError(f"the held-out file defines {', '.join(unknown)}, which match no exercise of "
                           f"Chapter {chapter} ({', '.join(names)}).")
    try:
        model = masters(chapter, slug)
    except Exception as error:
        raise HeldOutError(f"the model solutions could not be loaded ({type(error).__name__}: {error}).") from None
    for name, case in defined.items():
        try:
            result = run_check(name, model[name], _wrap(case))
        except Exception as error:
            raise HeldOutError(f"the held-out case {name} raised {type(error).__name__}: {error} "
                               "on the model solution.") from None
        if not result.passed:
            raise HeldOutError(f"the held-out case {name} fails the model solution: {result.message}")
    return defined


def held_out_verdict(name, proxy, case):
    """(status, message) of one held-out case on a learner's function, or None when it passes."""
    try:
        result = run_check(name, proxy, _wrap(case))
    except Exception as error:  # the learner's value made the case raise (it passed on the model solution)
        return "failed", f"held-out case: your answer made it raise {type(error).__name__}: {error}"
    return None if result.passed else (result.status, "held-out case: " + result.message)


def _perturb(value, rng):
    if isinstance(value, bool) or isinstance(value, numbers.Integral) or isinstance(value, str):
        return value
    if isinstance(value, numbers.Real):
        return float(value) * rng.uniform(0.85, 1.15)
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        return value * rng.uniform(0.85, 1.15, size=value.shape)
    if isinstance(value, tuple):
        return tuple(_perturb(item, rng) for item in value)
    if isinstance(value, list):
        return [_perturb(item, rng) for item in value]
    return value


def same(a, b):
    """Whether two results agree (numbers and arrays to 1e-6 relative); None when they cannot be compared."""
    if callable(a) or callable(b):
        return None
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        if len(a) != len(b):
            return False
        parts = [same(x, y) for x, y in zip(a, b)]
        return None if None in parts else all(parts)
    try:
        x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return a == b
    return x.shape == y.shape and bool(np.allclose(x, y, rtol=1e-6, atol=1e-9, equal_nan=True))


def seeded_verdict(name, proxy, calls, master, seed, chapter):
    """(status, message) when the answer differs from the model solution on this class's own inputs, else None.
    Used only where the answer matches the model solution on the public inputs (a unique right answer)."""
    tried = 0
    for number, args in enumerate(calls[:3]):
        try:
            if same(proxy(*args), master(*args)) is not True:
                return None
            rng = np.random.default_rng(int.from_bytes(hashlib.sha256(
                f"{seed}|{chapter}|{name}|{number}".encode()).digest()[:8], "little"))
            fresh = tuple(_perturb(arg, rng) for arg in args)
            expected = master(*fresh)
        except Exception:  # the model solution refuses these inputs: not a feasible case
            continue
        try:
            got = proxy(*fresh)
        except Exception:  # a right answer may refuse inputs outside its domain: not evidence of copying
            continue
        verdict = same(got, expected)
        if verdict is False:
            return "failed", (f"on this class's own inputs (seeded case {number + 1}) your {name} differs from "
                              "the model solution: were the answers copied rather than computed?")
        tried += verdict is True
    return None


def copied_calls(notebook_cells, names):
    """{exercise: 'module.function'} for answers that only call the course package's code for that exercise."""
    modules, found = set(), {}
    trees = []
    for source in notebook_cells:
        try:
            trees.append(ast.parse(source))
        except SyntaxError:
            continue
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("scaling_course"):
                modules |= {alias.asname or alias.name for alias in node.names}
            elif isinstance(node, ast.Import):
                modules |= {alias.asname or alias.name for alias in node.names if alias.name.startswith("scaling_course")}
    for tree in trees:
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name in names:
                body = [s for s in node.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
                used = [f"{n.func.value.id}.{n.func.attr}" for n in ast.walk(node) if isinstance(n, ast.Call)
                        and isinstance(n.func, ast.Attribute) and isinstance(n.func.value, ast.Name)
                        and n.func.value.id in modules and n.func.value.id != "np"]
                if used and len(body) <= 2 and _module_has(used[0]):
                    found[node.name] = used[0]
    return found


def _module_has(dotted):
    module, _, attribute = dotted.partition(".")
    try:
        return hasattr(importlib.import_module(f"scaling_course.{module}"), attribute)
    except ImportError:
        return False
