"""A property-based run against the OpenAPI document (schemathesis, on Hypothesis): whatever
the parameters, no operation answers 5xx and every answer conforms to the document.

It runs on SQLite and PostgreSQL with the rest of the suite, over a small catalogue, with a
coordinator's token, so that searches, facets, days, the calendar and the staff operations
have something to find.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from wagtail.models import APIToken

from api.api import api
from catalogue.tests.factories import create_best_practice, create_focus_area, create_sub_area
from offices.models import StaffRole
from visits.tests.factories import create_bookable_office, create_visit, next_open_day
from visits.tests.personas import create_staff

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()


@pytest.fixture
def in_test_transaction():
    """Django's WSGI handler closes the database connection after each request, and with it
    the test's transaction; Django's own test client keeps it open the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(settings, in_test_transaction):
    settings.API_REQUESTS_PER_MINUTE = 1_000_000  # the run itself must not be rate-limited
    settings.ALLOWED_HOSTS = ["*"]
    energy = create_focus_area(title="Energy", slug="energy")
    heat = create_sub_area(energy, title="District heating", slug="district-heating")
    create_best_practice([heat], title="Heat plant", summary="Heat from waste.")
    office = create_bookable_office(slug="north")
    create_visit(office, next_open_day(office))
    _token, plaintext = APIToken.create_token(user=create_staff("coordinator", StaffRole.Role.COORDINATOR), name="Run")
    return {"Authorization": f"Bearer {plaintext}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_operation_fails_or_leaves_its_schema(case, bearer):
    response = case.call(headers=bearer)
    assert response.status_code < 500, (case.method, case.formatted_path, case.query, response.text[:500])
    # What the document promises: no server error, only documented status codes and content
    # types, and bodies that match their schemas. (Schemathesis' other checks judge things the
    # document does not say, e.g. that any date range it allows must be answered with a 200.)
    case.validate_response(response, checks=CHECKS)
