"""Synthetic study-tour problems for the benchmark command and the solver tests."""

import math
import random

from tours.solver import Problem, Stop, Window, active_minute


def random_problem(n, seed, days=3):
    rnd = random.Random(seed)
    cities = [(0, 0), (300, 0), (0, 400), (150, 150)]
    points = [rnd.choice(cities) for _ in range(n)]
    points = [(x + rnd.uniform(-5, 5), y + rnd.uniform(-5, 5)) for x, y in points]
    nodes = [cities[0], *points, cities[1]]
    # Minutes: 0.6 per unit of distance, plus 10 to get going (none for staying put).
    travel = [[int(math.dist(a, b) * 0.6) + (a != b) * 10 for b in nodes] for a in nodes]
    stops = []
    for index in range(n):
        windows = [
            Window(active_minute(day, start), active_minute(day, end), (day, start))
            for day in range(days)
            for start, end in ((9 * 60, 12 * 60), (13 * 60, 16 * 60))
            if rnd.random() < 0.7
        ]
        stops.append(Stop(index, rnd.choice([45, 60, 90, 120]), windows))
    return Problem(stops, travel, active_minute(0, 9 * 60), active_minute(days - 1, 18 * 60))
