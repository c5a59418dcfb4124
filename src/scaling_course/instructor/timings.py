"""Exercise timings from a trial run, and which exercises each guide's 60- and 90-minute plans do in class (the rest
are homework). Part of the teachers' syllabus (`syllabus.py`), which writes these into the guides."""
import math
from typing import NamedTuple

# --- Exercise timings from a trial run -------------------------------------------------------------------------
# A helper (an AI assistant, not a person) acted as a learner: it read each exercise in exercises/, wrote its own
# answer without the masters, and ran the course's check, keeping every attempt the check rejected. What it
# measured: the words of the exercise's text, the lines of its accepted answer, the attempts rejected, and the
# extra "use it" cells that follow the check. Minutes are converted from those by the rule in `minutes()`, for a
# pair who know basic numpy; the checks ran in under 0.1 s each, so machine time is not a factor.


class Trial(NamedTuple):
    number: int
    title: str
    words: int      # the exercise's text
    lines: int      # code lines of the accepted answer (comments and the def line not counted)
    rejected: int   # attempts the check turned down before it passed
    follow_up: int  # cells after the check that use the answer

    def minutes(self):
        """Reading at 100 words a minute, 1.5 minutes per line written, 4 per rejected attempt (read the check's
        sentence, rethink, rewrite), 1 to run the check and 1 per follow-up cell; rounded up."""
        return math.ceil(self.words / 100 + 1.5 * self.lines + 4 * self.rejected + 1 + self.follow_up)


TRIALS = {
    "01": [Trial(1, "A piecewise-linear fit", 103, 12, 0, 0), Trial(2, "Recover a power-law exponent", 55, 2, 0, 0),
           Trial(3, "The compute-optimal split", 85, 3, 0, 0),
           Trial(4, "What doubling time does a growth factor imply?", 73, 3, 1, 0),
           Trial(5, "Shulman's survival odds", 87, 1, 0, 0)],
    "01L": [Trial(1, "Fit α when E is known", 77, 3, 0, 0), Trial(2, "Pick E by scanning a grid", 129, 11, 0, 0),
            Trial(3, "Predict the next model, then score the prediction", 75, 2, 0, 0),
            Trial(4, "The compute-optimal size from an isoFLOP curve", 101, 4, 0, 0)],
    "02": [Trial(1, "Task success from per-step reliability", 30, 1, 0, 0),
           Trial(2, "The reliability a target needs", 25, 1, 0, 0), Trial(3, "The pass@k estimator", 124, 5, 1, 0),
           Trial(4, "Fit an agent's time horizon", 98, 8, 0, 0)],
    "03": [Trial(1, "The toy model's forward pass", 74, 1, 0, 0), Trial(2, "The toy model's loss", 41, 1, 0, 1),
           Trial(3, "Feature dimensionality", 65, 6, 1, 0),
           Trial(4, "A previous-token head from positional embeddings", 141, 3, 2, 0),
           Trial(5, "The induction score of an attention pattern", 107, 6, 0, 1)],
    "04": [Trial(1, "How far does best-of-n move?", 39, 1, 0, 0), Trial(2, "The expected best of n", 109, 4, 0, 0),
           Trial(3, "Fit the paper's best-of-n form", 74, 4, 0, 0), Trial(4, "When to stop", 108, 9, 0, 1),
           Trial(5, "One step of value iteration", 100, 2, 0, 0)],
    "05": [Trial(1, "A cluster's power", 28, 1, 0, 1), Trial(2, "Orders of magnitude per year", 34, 1, 0, 0),
           Trial(3, "Effective compute", 45, 1, 0, 0), Trial(4, "When two exponentials cross", 73, 5, 0, 0),
           Trial(5, "What repeated data is worth", 88, 2, 0, 0)],
    "06": [Trial(1, "The CES aggregate", 24, 1, 0, 0), Trial(2, "The output multiple", 127, 7, 0, 0),
           Trial(3, "Who earns the income", 69, 4, 0, 0), Trial(4, "How much must be automated?", 38, 2, 1, 0)],
    "07": [Trial(1, '"Five times faster with ten times the compute"', 69, 1, 0, 1),
           Trial(2, "Which regime?", 18, 5, 0, 0),
           Trial(3, "The sequence of doubling times", 47, 1, 0, 0), Trial(4, "Time to infinity", 33, 3, 0, 0),
           Trial(5, "The compute ceiling", 54, 4, 0, 0)],
    "08": [Trial(1, "How many doublings?", 37, 1, 0, 0), Trial(2, "From doublings to a date", 25, 1, 0, 1),
           Trial(3, "A probability from a Monte Carlo sample", 36, 1, 0, 0),
           Trial(4, "A requirement spread over orders of magnitude", 64, 2, 0, 0)],
}

OPEN_MINUTES = 3  # each plan's exercise row starts with this much for opening the notebook (see "Launching")


def minutes(key, number):
    """Trial minutes of exercise `number` of unit `key`."""
    return next(t.minutes() for t in TRIALS[key] if t.number == number)


# Which exercises each plan does in class; the rest are homework. Each in-class set, plus OPEN_MINUTES, fits the
# plan's exercise row (tests/test_guides.py checks the rows against these and the trial minutes).
IN_CLASS = {
    "01": {60: (2, 3), 90: (2, 3, 5)},
    "01L": {60: (1, 3), 90: (1, 3, 4)},
    "02": {60: (1, 2), 90: (1, 4)},
    "03": {60: (1, 2), 90: (1, 2, 5)},
    "04": {60: (5,), 90: (1, 2, 3)},
    "05": {60: (2, 3), 90: (1, 2, 3, 5)},
    "06": {60: (1,), 90: (1, 2)},
    "07": {60: (1,), 90: (1, 3, 4, 5)},
    "08": {60: (1, 3), 90: (1, 2, 3, 4)},
}


def numbers(items):
    """1 → "1"; (1, 2) → "1 and 2"; (1, 2, 3) → "1, 2 and 3"."""
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def exercise_row(key, plan):
    """The activity text of a plan's exercise row: the in-class set with its trial minutes, and the homework."""
    chosen = IN_CLASS[key][plan]
    rest = [t.number for t in TRIALS[key] if t.number not in chosen]
    word = "Exercise" if len(chosen) == 1 else "Exercises"
    trial = " + ".join(str(minutes(key, n)) for n in chosen)
    text = f"{word} {numbers(chosen)} in pairs (open the notebook: {OPEN_MINUTES} min; trial: {trial} min)."
    return text + (f" Homework: {numbers(rest)}." if rest else " No homework.")


def trial_table(key):
    rows = ["| exercise | minutes | lines written | attempts rejected |", "|---|---|---|---|"]
    rows += [f"| {t.number} · {t.title} | {t.minutes()} | {t.lines} | {t.rejected} |" for t in TRIALS[key]]
    total = sum(t.minutes() for t in TRIALS[key])
    return "\n".join(rows + [f"| all | {total} | | |"])


SCAFFOLD_03 = (
    "**Chapter 3, exercise 4 does not fit in class** (the trial took two rejected attempts and 15 minutes "
    "on top of the rest; in the 90-minute plan all five came to 51 minutes against 25). Set it as homework "
    "with this scaffold, which leads to the idea without giving the code: (a) print `P @ P.T` and check that "
    "`P.T` turns each positional embedding into a one-hot vector; (b) decide which one-hot vector position "
    "*s* must show as its key so that the query of position *t* matches it exactly when *s* = *t* − 1, and "
    "build it with a shifted identity (`np.eye(T, k=...)`: try both signs on five positions and print the "
    "attention); (c) the scores are 0 or one number *c*, so a softmax over up to 40 positions puts at least "
    "95 % on the right one only when *c*/√*e* is at least ln(0.95 × 39 / 0.05) ≈ 6.6: scale the query.")


def timings_markdown(key):
    extra = "\n\n" + SCAFFOLD_03 if key == "03" else ""
    return "\n".join([
        "Minutes per exercise from a trial run by a helper (an AI assistant acting as a learner, not a person "
        "timed with a stopwatch): it read each exercise, wrote its own answer without the solutions and ran "
        "the check, keeping every attempt the check rejected. The minutes are converted from what it measured by "
        "a stated rule: reading at 100 words a minute, 1.5 minutes per line of code, 4 per rejected attempt, "
        "1 to run the check and 1 per cell that uses the answer afterwards. Read them as a pair who know "
        "basic numpy; a group new to numpy needs about half as long again. The plans do the exercises that fit "
        "in class and set the rest as homework.",
        "",
        trial_table(key)]) + extra
