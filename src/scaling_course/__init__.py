"""The package behind *The Scaling Era, hands-on*: the demos the chapter notebooks import, the
explorers (with their static twins) and the exercise checks.

Where each chapter's code lives, from its slug alone (`CHAPTERS` below is the one list of units):

| unit | book / exercises / guide                      | explorers            | checks            |
|------|-----------------------------------------------|----------------------|-------------------|
| 00   | book/00-preface.ipynb                         | -                    | -                 |
| 01   | book/01-scaling.ipynb, exercises/, guides/    | explorers/scaling    | checks/scaling    |
| 01L  | book/lab-scaling-law.ipynb, ... (the lab)     | explorers/lab        | checks/lab        |
| 02   | book/02-evals.ipynb, ...                      | explorers/evals      | checks/evals      |
| 03   | book/03-internals.ipynb, ...                  | explorers/internals  | checks/internals  |
| 04   | book/04-safety.ipynb, ...                     | explorers/safety     | checks/safety     |
| 05   | book/05-inputs.ipynb, ...                     | explorers/inputs     | checks/inputs     |
| 06   | book/06-impact.ipynb, ...                     | explorers/impact     | checks/impact     |
| 07   | book/07-explosion.ipynb, ...                  | explorers/explosion  | checks/explosion  |
| 08   | book/08-timelines.ipynb, ...                  | -                    | checks/timelines  |

The demo modules (`fitting`, `laws`, `reliability`, ...) are flat and named by topic, since several
serve more than one chapter; each docstring ends with a "Used in:" line. The instructors' tools
(exercise generation, grading, nbgrader export) are in `instructor/`.
"""
import importlib
import types
import warnings
from typing import NamedTuple

__version__ = "0.2.0"  # the one place; CHANGELOG.md and book/errata.md follow it


EXERCISES_SUFFIX = "-exercises"  # an exercise notebook's name: its unit's stem and this, never the chapter's name


class Unit(NamedTuple):
    """One unit of the course: its slug (explorers and checks modules), title, kind and, where it is not
    "<key>-<slug>", the stem of its files (book/, solutions/, exercises/, guides/)."""
    slug: str
    title: str
    kind: str  # "preface", "chapter" or "lab"
    file: str = ""

    def stem(self, key):
        return self.file or f"{key}-{self.slug}"

    def exercises_stem(self, key):
        """The exercise notebook's stem (exercises/, nbgrader): a name of its own, never the chapter's."""
        return f"{self.stem(key)}{EXERCISES_SUFFIX}"


CHAPTERS = {
    "00": Unit("preface", "Preface", "preface"),
    "01": Unit("scaling", "Scaling", "chapter"),
    "01L": Unit("lab", "Lab: measure a scaling law", "lab", file="lab-scaling-law"),
    "02": Unit("evals", "Evals", "chapter"),
    "03": Unit("internals", "Internals", "chapter"),
    "04": Unit("safety", "Safety", "chapter"),
    "05": Unit("inputs", "Inputs", "chapter"),
    "06": Unit("impact", "Impact", "chapter"),
    "07": Unit("explosion", "Explosion", "chapter"),
    "08": Unit("timelines", "Timelines", "chapter"),
}


def graded_chapters():
    """{key: Unit} for the units with exercises, checks and a teacher's guide (the chapters and the lab)."""
    return {key: unit for key, unit in CHAPTERS.items() if unit.kind in ("chapter", "lab")}


# Names a learner's saved notebook may still import: old module -> {old name: (new module, new name)}.
# Each maps with a DeprecationWarning until REMOVAL.
REMOVAL = "2027-09-01"
_EXPLORERS = {
    "widgets": {"Explorer": "explorers", "BlitFigure": "explorers", "widget_bundle": "explorers",
                "snapshot_png": "explorers", "figure_png": "explorers", "SNAPSHOT_NOTE": "explorers",
                "fit_explorer": "explorers.scaling", "manifold_explorer": "explorers.scaling",
                "compute_explorer": "explorers.scaling", "nines_explorer": "explorers.evals",
                "emergence_explorer": "explorers.evals"},
    "internals_widgets": {"Progress": "explorers", "superposition_frame": "explorers.internals",
                          "superposition_explorer": "explorers.internals"},
    "safety_widgets": {name: "explorers.safety" for name in
                       ("ERROR_SCALES", "REGIMES", "goodhart_curves", "goodhart_explorer", "gaming_explorer")},
    "inputs_widgets": {name: "explorers.inputs" for name in
                       ("YEARS", "COMPONENT_COLOURS", "effective_compute_explorer", "data_explorer")},
    "growth_widgets": {"SHARES": "explorers.impact", "automation_explorer": "explorers.impact",
                       "feedback_explorer": "explorers.explosion"},
}
_TWINS = {"nines": ("explorers.evals", "nines_twin"), "emergence": ("explorers.evals", "emergence_twin"),
          "compute_budget": ("explorers.scaling", "compute_twin"), "fit_sweep": ("explorers.scaling", "fit_twin"),
          "effective_compute": ("explorers.inputs", "effective_compute_twin"),
          "data_crossing": ("explorers.inputs", "data_twin"),
          "automation": ("explorers.impact", "automation_twin"),
          "superposition_sweep": ("explorers.internals", "superposition_twin"),
          "goodhart_table": ("explorers.safety", "goodhart_twin"),
          "feedback_loop": ("explorers.explosion", "feedback_twin"),
          **{name: ("explorers.vega", name) for name in
             ("SCHEMA", "slider", "derived", "guide_rule", "current_point", "twin_html", "bundle_html")}}
MOVED = {old: {name: (module, name) for name, module in names.items()} for old, names in _EXPLORERS.items()}
MOVED["twins"] = _TWINS
MOVED_MODULES = {"exercises": "instructor.exercises",  # grade: a real module of its own (python -m needs one)
                 "nbgrader_export": "instructor.nbgrader_export"}


def _moved_module(old):
    """A stand-in for a removed module: each name it had resolves to its new home, with a warning."""
    stand_in = types.ModuleType(f"{__name__}.{old}", f"Moved: see {__name__}.explorers.")

    def lookup(name):
        if name not in MOVED[old]:
            raise AttributeError(f"{__name__}.{old} is gone and had no {name!r}; the explorers are in "
                                 f"{__name__}.explorers.<chapter slug>.")
        module, new_name = MOVED[old][name]
        warnings.warn(f"{__name__}.{old}.{name} moved to {__name__}.{module}.{new_name}; the old name goes on "
                      f"{REMOVAL}.", DeprecationWarning, stacklevel=2)
        return getattr(importlib.import_module(f"{__name__}.{module}"), new_name)

    stand_in.__getattr__ = lookup
    return stand_in


def __getattr__(name):
    if name in MOVED:
        return _moved_module(name)
    if name in MOVED_MODULES:
        warnings.warn(f"{__name__}.{name} moved to {__name__}.{MOVED_MODULES[name]}; the old name goes on {REMOVAL}.",
                      DeprecationWarning, stacklevel=2)
        return importlib.import_module(f"{__name__}.{MOVED_MODULES[name]}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
