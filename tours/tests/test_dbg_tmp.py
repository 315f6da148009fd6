from django.db import connection
from django.test.utils import CaptureQueriesContext
from tours.tests.test_study_tours import create_tour, create_best_practice, MAX_STOPS, region  # noqa
import pytest

pytestmark = pytest.mark.django_db


def test_dbg(client, region):
    few = create_tour([create_best_practice() for _n in range(2)], slug="few")
    client.get(few.url)
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(few.url)
    for q in ctx.captured_queries[2:]:
        print("  ", q["sql"][-400:], "\n")
