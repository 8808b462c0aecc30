import pytest
from django.core.management import call_command


@pytest.fixture
def seed(db):
    """The seed dataset, loaded inside the test's transaction."""
    call_command("load_seed", verbosity=0)
