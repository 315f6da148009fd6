"""The ordering is exact: it agrees with trying every order on small plans."""

import itertools

import pytest

from tours.benchmarks import random_problem
from tours.solver import MAX_STOPS, Problem, Stop, TooManyStops, Window, active_minute, clock_of, solve


def brute_force(problem):
    """(stops visited, travel) of the best order, trying every order of every subset."""
    n = len(problem.stops)
    for size in range(n, -1, -1):
        best = None
        for order in itertools.permutations(range(n), size):
            time, node, travelled = problem.earliest, 0, 0
            for k in order:
                ready = time + problem.travel[node][k + 1]
                stop = problem.stops[k]
                starts = [max(ready, w.start) for w in stop.windows if max(ready, w.start) + stop.duration <= w.end]
                if not starts:
                    break
                travelled += problem.travel[node][k + 1]
                time, node = min(starts) + stop.duration, k + 1
            else:
                if time + problem.travel[node][n + 1] <= problem.latest:
                    total = travelled + problem.travel[node][n + 1]
                    best = total if best is None else min(best, total)
        if best is not None:
            return size, best
    return None


@pytest.mark.parametrize("seed", range(12))
def test_the_programme_agrees_with_every_order_tried(seed):
    problem = random_problem(6, seed)
    solution = solve(problem)
    assert (len(solution.visits), solution.travel_minutes) == brute_force(problem)
    # The tour it gives is real: each visit inside its window, in time after the one before.
    time, node = problem.earliest, 0
    for visit in solution.visits:
        stop = problem.stops[visit.stop]
        assert visit.start >= time + problem.travel[node][visit.stop + 1]
        assert visit.window.start <= visit.start and visit.start + stop.duration <= visit.window.end
        time, node = visit.start + stop.duration, visit.stop + 1
    assert time + problem.travel[node][-1] <= problem.latest


def test_no_way_from_arrival_to_departure_is_infeasible():
    problem = Problem([Stop("a", 60, [Window(0, 300)])], [[0, 10, 500], [10, 0, 500], [500, 500, 0]], 0, 100)
    solution = solve(problem)
    assert not solution.feasible and solution.skipped == [0]


def test_more_stops_than_the_limit_are_refused():
    problem = random_problem(MAX_STOPS + 1, 1)
    with pytest.raises(TooManyStops):
        solve(problem)


def test_active_minutes_leave_the_nights_out():
    assert active_minute(0, 7 * 60) == 0
    assert active_minute(1, 7 * 60) == active_minute(0, 22 * 60)
    assert clock_of(active_minute(2, 9 * 60 + 30)) == (2, 9 * 60 + 30)
