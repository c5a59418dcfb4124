"""The race track with a loophole: value iteration exploits the written reward, finishes under the patch."""
import numpy as np
import pytest

from scaling_course import gaming


@pytest.fixture(scope="module")
def track():
    return gaming.make_track()


def test_written_reward_is_gamed(track):
    _, policy = gaming.solve(track, "written")
    path = gaming.rollout(track, policy, steps=40)
    assert path[-1] != track.finish and path.count(track.bonus) >= 10
    assert gaming.path_return(track, path, "intended") == 0


@pytest.mark.parametrize("kind", ["intended", "patched"])
def test_intended_and_patched_rewards_finish_by_the_shortest_route(track, kind):
    _, policy = gaming.solve(track, kind)
    path = gaming.rollout(track, policy)
    assert path[-1] == track.finish and len(path) - 1 == track.distance[track.start]


def test_shaping_leaves_the_optimal_policy_unchanged(track):
    """Ng et al. (1999): potential-based shaping preserves optimal policies, so the two agree everywhere."""
    _, intended = gaming.solve(track, "intended")
    _, patched = gaming.solve(track, "patched")
    reachable = np.isfinite(track.distance) & (np.arange(track.n_states) != track.finish)
    steps_intended = track.distance[track.next_state[reachable, intended[reachable]]]
    steps_patched = track.distance[track.next_state[reachable, patched[reachable]]]
    assert np.array_equal(steps_intended, steps_patched)


def _random_path(track, rng, start, steps):
    """A path of random moves from start, stopping at the finish."""
    path = [start]
    for _ in range(steps):
        if path[-1] == track.finish:
            break
        path.append(int(track.next_state[path[-1], rng.integers(len(gaming.MOVES))]))
    return path


def test_discounted_shaping_telescopes_to_the_same_constant_for_every_policy(track):
    """Ng, Harada & Russell (1999) with gamma < 1: the shaping terms gamma*phi(s') - phi(s) sum, discounted, to
    gamma**T phi(s_T) - phi(s_0). Patched minus intended return is therefore -phi(s_0) = distance(s_0) for every
    path that finishes, whatever the policy, and tends to it for a path that never finishes."""
    gamma, rng = 0.95, np.random.default_rng(0)
    phi = -track.distance
    optimal = gaming.rollout(track, gaming.solve(track, "intended")[1])
    looping = gaming.rollout(track, gaming.solve(track, "written")[1], steps=600)
    paths = [optimal, looping] + [_random_path(track, rng, s, 600) for s in range(track.n_states)
                                  for _ in range(3) if s != track.finish]
    finished = 0
    for path in paths:
        shaping = gaming.path_return(track, path, "patched") - gaming.path_return(track, path, "intended")
        steps = len(path) - 1
        assert shaping == pytest.approx(gamma**steps * phi[path[-1]] - phi[path[0]], abs=1e-9)
        if path[-1] == track.finish:
            finished += 1
            assert shaping == pytest.approx(-phi[path[0]], abs=1e-9)  # a constant of the start state only
        else:
            assert shaping == pytest.approx(-phi[path[0]], abs=10 * gamma**steps + 1e-9)
    assert finished >= 10 and looping[-1] != track.finish
    # A lap does not earn zero when gamma < 1: once round the bonus loop from s pays (gamma**2 - 1) phi(s).
    s, t = looping[-2], looping[-1]
    lap = [s, t, s]
    lap_shaping = gaming.path_return(track, lap, "patched") - gaming.path_return(track, lap, "intended")
    assert lap_shaping == pytest.approx((gamma**2 - 1) * phi[s]) and lap_shaping != 0


def test_the_written_return_in_the_table_is_the_thirty_move_rollout(track):
    """Looping forever is worth b g^2 / (1 - g^2) = 18.5 at b = 2; the 30-move rollout collects 14 bonuses: 14.1."""
    _, policy = gaming.solve(track, "written")
    short, long = gaming.rollout(track, policy, steps=30), gaming.rollout(track, policy, steps=1000)
    assert short.count(track.bonus) == 14
    assert gaming.path_return(track, short, "written") == pytest.approx(14.1, abs=0.05)
    assert gaming.path_return(track, long, "written") == pytest.approx(2 * 0.95**2 / (1 - 0.95**2), rel=1e-9)
    assert 2 * 0.95**2 / (1 - 0.95**2) == pytest.approx(18.5, abs=0.05)


def test_loop_starts_where_the_arithmetic_says(track):
    """Looping beats finishing once b * g^2 / (1 - g^2) > 10 g^5, i.e. b > 0.836 at g = 0.95."""
    threshold = 10 * 0.95**5 * (1 - 0.95**2) / 0.95**2
    for bonus, loops in ((threshold - 0.02, False), (threshold + 0.02, True)):
        _, policy = gaming.solve(track, "written", bonus=bonus)
        assert (gaming.rollout(track, policy)[-1] != track.finish) == loops


def test_value_iteration_agrees_with_a_hand_solved_chain():
    """Two states: staying in 0 pays 1 forever (1/(1-g)); moving to terminal 1 pays 5 once."""
    next_state = np.array([[0, 1], [1, 1]])
    reward = np.array([[1.0, 5.0], [0.0, 0.0]])
    value, policy, _ = gaming.value_iteration(next_state, reward, 0.9, np.array([False, True]))
    assert value[0] == pytest.approx(10.0) and policy[0] == 0
    value, policy, _ = gaming.value_iteration(next_state, reward, 0.5, np.array([False, True]))
    assert value[0] == pytest.approx(5.0) and policy[0] == 1


def test_bad_input_gets_one_sentence(track):
    with pytest.raises(ValueError, match="kind must be one of"):
        gaming.rewards(track, "shaped")
    with pytest.raises(ValueError, match="gamma must be in"):
        gaming.value_iteration(track.next_state, gaming.rewards(track, "written"), 1.0, np.zeros(20, bool))
