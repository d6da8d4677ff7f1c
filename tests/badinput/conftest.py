"""Fixtures for the bad-input corpus: curators, and the corpus's size limit as the setting."""

import pytest

from tests.badinput.cases import TEST_LIMIT_BYTES
from tests.security.people import curator_api, curator_browser, curator_user  # noqa: F401 - fixtures


@pytest.fixture(autouse=True)
def corpus_limit(settings):
    """The limit is a setting; the corpus runs under a small one so its oversize case stays small."""
    settings.INGEST_MAX_BYTES = TEST_LIMIT_BYTES
    settings.API_MAX_BODY_BYTES = 2 * TEST_LIMIT_BYTES + 64 * 1024
    return TEST_LIMIT_BYTES
