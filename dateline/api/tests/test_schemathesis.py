"""schemathesis against the OpenAPI description, in-process through the WSGI app.

Every operation gets generated valid and invalid requests (25 examples each, plus the
coverage phase's edge cases), anonymously and with an editor's token; no response may be a
500 or differ from the description (status code, content type, schema).
"""

import tempfile
from pathlib import Path

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir

from .conftest import token_for

pytestmark = pytest.mark.django_db

# Hypothesis keeps a cache in ./.hypothesis; keep the work tree clean.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "dateline-hypothesis")

# A body over the size limit is refused with 413 (the error contract), which schemathesis
# does not count among the statuses that reject invalid data by default.
NEGATIVE_STATUSES = ["400", "401", "403", "404", "405", "409", "413", "415", "422"]
config = schemathesis.Config.from_dict(
    {"checks": {"negative_data_rejection": {"expected-statuses": NEGATIVE_STATUSES}}})
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application(),
                                        config=config)


@pytest.fixture(autouse=True)
def keep_the_test_connection(world):
    """Django's WSGI handler closes the connection after each request; the test client
    does not, and neither may we, or the test's transaction would be lost."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def editor_token(editor):
    return token_for(editor)


@schema.parametrize()
@settings(max_examples=25, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_no_server_errors_and_no_schema_violations(case, editor_token):
    """Anonymous and authenticated requests alike get described, non-500 answers."""
    case.call_and_validate()
    case.call_and_validate(headers={"Authorization": f"Bearer {editor_token}"})
