import pytest


@pytest.fixture
def editor_client(client, django_user_model):
    """A superuser's client: every admin page, with every permission."""
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-password")
    client.force_login(user)
    return client
