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
