"""Ordering the stops of a study tour: routing with time windows, solved exactly by CP-SAT.

The problem knows nothing of Django. Time is counted in *active minutes*: each day of the
stay contributes the hours from DAY_STARTS to DAY_ENDS and the nights are left out, so a
leg that does not fit into an evening simply goes on the next morning, and every travel
time stays a constant. A stop must start and end inside one of its windows (an office's
free visit slot on a day, already filtered by the planner for opening days, holidays,
closures, seats, the site's visiting days and the group size).

The objective is, in this order: as many stops as possible, then the least travel. It is
solved exactly by a dynamic programme over subsets of stops (Held–Karp with time windows):
a state is (stops seen, last stop) and keeps every label (free again at, travel so far)
that no other label beats on both; waiting for a window is allowed. Each layer (states of
the same size) is extended at once with NumPy. Among equally good tours the one that is
free earliest wins. Exact means exponential: MAX_STOPS bounds the plan
(`manage.py bench_planner` prints the times).
"""

import time
from dataclasses import dataclass, field

import numpy as np

DAY_STARTS = 7 * 60  # travel may begin at 07:00
DAY_ENDS = 22 * 60  # and must stop by 22:00
ACTIVE_MINUTES = DAY_ENDS - DAY_STARTS

MAX_STOPS = 12


def active_minute(day_index: int, clock_minutes: int) -> int:
    """Active minutes since the first morning for a clock time on a day of the stay."""
    clock = min(max(clock_minutes, DAY_STARTS), DAY_ENDS)
    return day_index * ACTIVE_MINUTES + clock - DAY_STARTS


def clock_of(minute: int) -> tuple[int, int]:
    """(day index, minutes after midnight) of an active minute."""
    day, within = divmod(minute, ACTIVE_MINUTES)
    if within == 0 and day > 0:
        return day - 1, DAY_ENDS
    return day, within + DAY_STARTS


@dataclass(frozen=True)
class Window:
    start: int
    end: int
    key: object = None  # the planner's (date, slot)


@dataclass
class Stop:
    key: object
    duration: int
    windows: list[Window]

    def start_domain(self) -> list[list[int]]:
        return [
            [w.start, w.end - self.duration]
            for w in sorted(self.windows, key=lambda w: w.start)
            if w.end - self.duration >= w.start
        ]


@dataclass
class Problem:
    stops: list[Stop]
    # travel[i][j] in minutes between nodes: 0 is the arrival, 1..n the stops, n + 1 the departure.
    travel: list[list[int]]
    earliest: int  # when the delegation can leave the arrival place
    latest: int  # when it must be at the departure place


@dataclass
class Visit:
    stop: int  # index into Problem.stops
    start: int
    window: Window


@dataclass
class Solution:
    visits: list[Visit] = field(default_factory=list)  # in the order they happen
    skipped: list[int] = field(default_factory=list)
    travel_minutes: int = 0
    feasible: bool = True  # False: not even arrival → departure fits
    wall_ms: float = 0.0


class TooManyStops(ValueError):
    pass


def solve(problem: Problem) -> Solution:
    """The best tour: most stops, then least travel (see the module's docstring)."""
    started = time.perf_counter()
    n = len(problem.stops)
    if n > MAX_STOPS:
        raise TooManyStops(n)
    travel = np.asarray(problem.travel, dtype=np.int64).reshape(n + 2, n + 2)
    departure = n + 1
    durations = np.array([stop.duration for stop in problem.stops], dtype=np.int64)
    # Usable windows per stop, padded: latest possible start (-1 = none) and window start.
    usable = [
        sorted((w for w in stop.windows if w.end - stop.duration >= w.start), key=lambda w: w.start)
        for stop in problem.stops
    ]
    width = max([len(windows) for windows in usable] + [1])
    latest_start = np.full((n, width), -1, dtype=np.int64)
    window_start = np.zeros((n, width), dtype=np.int64)
    for k, (stop, windows) in enumerate(zip(problem.stops, usable, strict=True)):
        for w, window in enumerate(windows):
            latest_start[k, w] = window.end - stop.duration
            window_start[k, w] = window.start
    bits = np.left_shift(np.int64(1), np.arange(n, dtype=np.int64))

    def extend(seen, last_node, free_at, travelled):
        """Every (label, next stop) that fits: arrays of the new labels and their parents."""
        labels = np.arange(len(seen))
        parent = np.repeat(labels, n)
        k = np.tile(np.arange(n), len(seen))
        ready = free_at[parent] + travel[last_node[parent], k + 1]
        fits = (seen[parent] & bits[k]) == 0
        windows = latest_start[k] >= ready[:, None]
        fits &= windows.any(axis=1)
        parent, k, ready, windows = parent[fits], k[fits], ready[fits], windows[fits]
        first = windows.argmax(axis=1)
        start = np.maximum(ready, window_start[k, first])
        return (
            seen[parent] | bits[k],
            k,
            start + durations[k],
            travelled[parent] + travel[last_node[parent], k + 1],
            start,
            parent,
        )

    def pareto(seen, last, free_at, travelled, *rest):
        """Keep, per (seen, last), the labels no other beats on both free time and travel."""
        order = np.lexsort((travelled, free_at, last, seen))
        seen, last, free_at, travelled = seen[order], last[order], free_at[order], travelled[order]
        rest = [column[order] for column in rest]
        group = np.concatenate(([True], (seen[1:] != seen[:-1]) | (last[1:] != last[:-1]))).cumsum()
        # A running minimum of travel within each group: offsetting by group makes it reset.
        offset = group * (1 << 40)
        best_before = np.minimum.accumulate(travelled - offset) + offset
        keep = np.ones(len(seen), dtype=bool)
        keep[1:] = (travelled[1:] < best_before[:-1]) | (group[1:] != group[:-1])
        return [column[keep] for column in (seen, last, free_at, travelled, *rest)]

    # Layer 0 is the arrival: node 0, free from `earliest`.
    layers = []
    seen = np.zeros(1, dtype=np.int64)
    node = np.zeros(1, dtype=np.int64)
    free_at = np.array([problem.earliest], dtype=np.int64)
    travelled = np.zeros(1, dtype=np.int64)
    best = None  # (count, travel, free_at, layer, index)
    for size in range(n + 1):
        finished = free_at + travel[node, departure] <= problem.latest
        if finished.any():
            totals = np.where(finished, travelled + travel[node, departure], np.iinfo(np.int64).max)
            index = int(np.lexsort((free_at, totals))[0])
            best = (size, int(totals[index]), size, index)
        if size == n or len(seen) == 0:
            break
        new_seen, k, new_free, new_travel, start, parent = extend(seen, node, free_at, travelled)
        new_seen, k, new_free, new_travel, start, parent = pareto(new_seen, k, new_free, new_travel, start, parent)
        layers.append((k, start, parent))
        seen, node, free_at, travelled = new_seen, k + 1, new_free, new_travel

    solution = Solution()
    if best is None:
        solution.feasible = False
        solution.skipped = list(range(n))
    else:
        _count, solution.travel_minutes, layer, index = best
        chain = []
        while layer > 0:
            k, start, parent = layers[layer - 1]
            chain.append((int(k[index]), int(start[index])))
            index = int(parent[index])
            layer -= 1
        for stop_index, start in reversed(chain):
            stop = problem.stops[stop_index]
            window = next(w for w in stop.windows if w.start <= start and start + stop.duration <= w.end)
            solution.visits.append(Visit(stop_index, start, window))
        seen_stops = {visit.stop for visit in solution.visits}
        solution.skipped = [index for index in range(n) if index not in seen_stops]
    solution.wall_ms = (time.perf_counter() - started) * 1000
    return solution
