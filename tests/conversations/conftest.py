import pytest


@pytest.fixture
def no_message_rate_limit(settings):
    """For tests that write many posts quickly as a few people; the limit has its own tests."""
    settings.PEERHAVEN_MESSAGE_RATE = (10_000, 60)
