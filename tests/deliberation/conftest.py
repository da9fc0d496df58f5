import pytest

from tests.deliberation.jury import open_room


@pytest.fixture
def room(tmp_path):
    """An admission session of 3 candidates, the whole jury checked in with passphrases."""
    r = open_room(tmp_path)
    yield r
    r.svc.close()
