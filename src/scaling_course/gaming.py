"""Specification gaming in a gridworld small enough to solve exactly.

A boat-race track (after OpenAI's CoastRunners example, Clark & Amodei 2016, "Faulty reward
functions in the wild"): the designer wants the agent to reach the finish line. The written
reward pays for the finish, and also pays a bonus each time the agent enters a bonus tile, meant
as a hint that it is on its way. The bonus respawns, so circling over it pays forever, and the
reward-maximising policy never finishes.

The patch replaces the bonus with potential-based shaping (Ng, Harada & Russell 1999): a reward
of gamma * phi(next) - phi(state) for a potential phi (here: minus the distance to the finish, so
phi = 0 at the finish). Discounted, these rewards telescope: along any path s_0, ..., s_T they sum to
gamma**T * phi(s_T) - phi(s_0), which is -phi(s_0) for a path that reaches the finish, and tends to it
for a path that never ends. Every policy's return from a state is shifted by the same constant, so
shaping can guide the agent without changing which policy is best. (With gamma < 1 the payments do
not cancel around a loop: one lap from s back to s pays (gamma**L - 1) * phi(s). The telescoping sum
is what makes shaping safe.)

Everything is tabular: states are the track's open cells, actions the four moves, and
value_iteration solves the Bellman equation exactly, in milliseconds.

Used in: Chapter 4: book/04-safety, explorers/safety.py (gaming_explorer).
"""
from dataclasses import dataclass

import numpy as np

TRACK = (
    "S.....F",
    ".#####.",
    ".B....#",
    "...##..",
)
MOVES = {"up": (-1, 0), "right": (0, 1), "down": (1, 0), "left": (0, -1)}
REWARDS = ("written", "intended", "patched")


@dataclass
class Track:
    """A gridworld: open cells are states; moving into a wall or off the grid leaves you in place."""
    layout: tuple
    cells: list           # (row, col) of every state
    next_state: np.ndarray  # (states, actions) index of the state each move leads to
    start: int
    finish: int
    bonus: int
    distance: np.ndarray  # (states,) fewest moves to the finish

    @property
    def n_states(self):
        return len(self.cells)


def make_track(layout=TRACK):
    """The Track for a layout of strings: S start, F finish, B bonus, # wall, . open."""
    rows, cols = len(layout), len(layout[0])
    cells = [(r, c) for r in range(rows) for c in range(cols) if layout[r][c] != "#"]
    index = {cell: i for i, cell in enumerate(cells)}
    next_state = np.zeros((len(cells), len(MOVES)), dtype=int)
    for i, (r, c) in enumerate(cells):
        for a, (dr, dc) in enumerate(MOVES.values()):
            next_state[i, a] = index.get((r + dr, c + dc), i)
    find = {mark: index[(r, c)] for r in range(rows) for c in range(cols) if (mark := layout[r][c]) in "SFB"}
    return Track(tuple(layout), cells, next_state, find["S"], find["F"], find["B"],
                 _distances(next_state, find["F"]))


def _distances(next_state, target):
    """Fewest moves from every state to target (breadth-first search backwards)."""
    distance = np.full(len(next_state), np.inf)
    distance[target], frontier = 0, [target]
    while frontier:
        step = distance[frontier[0]] + 1
        frontier = [s for s in range(len(next_state)) if distance[s] == np.inf
                    and np.isin(next_state[s], frontier).any()]
        distance[frontier] = step
    return distance


def rewards(track, kind, finish_reward=10.0, bonus=2.0, gamma=0.95):
    """(states, actions) reward for each move under one reward function:

    "written": the finish pays finish_reward and entering the bonus tile pays bonus, every time;
    "intended": only the finish pays;
    "patched": the finish pays, plus shaping gamma * phi(next) - phi(state) with phi = -distance, whose
    discounted sum along a path is gamma**T phi(s_T) - phi(s_0): the same -phi(s_0) for every path that
    finishes (or never ends), so the best policy does not change.
    """
    if kind not in REWARDS:
        raise ValueError(f"kind must be one of {REWARDS}, got {kind!r}.")
    arrive = track.next_state
    reward = np.where(arrive == track.finish, finish_reward, 0.0)
    reward[track.finish] = 0.0  # the race is over
    if kind == "written":
        entering = (arrive == track.bonus) & (np.arange(track.n_states)[:, None] != track.bonus)
        reward += np.where(entering, bonus, 0.0)
    elif kind == "patched":
        potential = -track.distance
        reward += gamma * potential[arrive] - potential[:, None]
        reward[track.finish] = 0.0
    return reward


def value_iteration(next_state, reward, gamma, terminal, tol=1e-10, max_iterations=10_000):
    """Optimal values V (states,) and a greedy policy (states,) for a deterministic MDP.

    next_state, reward: (states, actions); terminal: boolean (states,), whose value is 0.
    Repeats V(s) <- max_a reward[s, a] + gamma V(next_state[s, a]) until it changes by < tol.
    Returns (V, policy, iterations).
    """
    if not 0 <= gamma < 1:
        raise ValueError(f"gamma must be in [0, 1) for values to be finite, got {gamma}.")
    value = np.zeros(len(next_state))
    for iteration in range(1, max_iterations + 1):
        q = reward + gamma * value[next_state]  # (states, actions)
        new = np.where(terminal, 0.0, q.max(axis=1))
        if np.max(np.abs(new - value)) < tol:
            value = new
            break
        value = new
    q = reward + gamma * value[next_state]
    return value, np.argmax(q, axis=1), iteration


def solve(track, kind, gamma=0.95, **reward_options):
    """Optimal (V, policy) of the track under one reward function."""
    terminal = np.arange(track.n_states) == track.finish
    value, policy, _ = value_iteration(track.next_state, rewards(track, kind, gamma=gamma, **reward_options),
                                       gamma, terminal)
    return value, policy


def rollout(track, policy, steps=30):
    """The states visited following policy from the start, until the finish or `steps` moves."""
    path = [track.start]
    for _ in range(steps):
        if path[-1] == track.finish:
            break
        path.append(int(track.next_state[path[-1], policy[path[-1]]]))
    return path


def path_return(track, path, kind, gamma=0.95, **reward_options):
    """Discounted return of a path under one reward function."""
    reward = rewards(track, kind, gamma=gamma, **reward_options)
    total = 0.0
    for t, (state, following) in enumerate(zip(path, path[1:])):
        action = int(np.flatnonzero(track.next_state[state] == following)[0])
        total += gamma**t * reward[state, action]
    return total


def draw_track(ax, track, path=None, title=None, colour="#0072B2"):
    """The grid (walls dark), start, finish and bonus, and a path as arrows (repeats drawn once)."""
    rows, cols = len(track.layout), len(track.layout[0])
    walls = np.array([[ch == "#" for ch in line] for line in track.layout], dtype=float)
    ax.imshow(walls, cmap="Greys", vmin=0, vmax=1.4)
    for mark, label, where in (("start", "S", track.start), ("finish", "F", track.finish), ("bonus", "B", track.bonus)):
        r, c = track.cells[where]
        ax.text(c, r, label, ha="center", va="center", fontsize=12, fontweight="bold",
                color={"S": "#009E73", "F": "#D55E00", "B": "#CC79A7"}[label])
    if path:
        seen = set()
        for state, following in zip(path, path[1:]):
            if (state, following) in seen or state == following:
                continue
            seen.add((state, following))
            (r0, c0), (r1, c1) = track.cells[state], track.cells[following]
            ax.annotate("", (c1, r1), (c0, r0), arrowprops=dict(arrowstyle="->", color=colour, lw=2,
                                                                shrinkA=6, shrinkB=6))
    ax.set(xticks=[], yticks=[], xlim=(-0.5, cols - 0.5), ylim=(rows - 0.5, -0.5))
    if title:
        ax.set_title(title, fontsize=10)
