"""Fixtures for the fault tests: an article large enough that a job is caught mid-run, a broker of
the test's own (so no other test's leftover messages reach its workers), and worker logs kept."""

from pathlib import Path

import pytest
from django.conf import settings

from tests.brokers import producing_to
from tests.reliability.services import throwaway_redis
from tests.security.people import curator_api, curator_user  # noqa: F401 - fixtures

SEEDS = sorted(Path(settings.FIXTURE_ARTICLES_DIR).glob("*.txt"))


@pytest.fixture(scope="session")
def long_article() -> bytes:
    """Three real survey articles back to back: extracting them takes long enough to act mid-job."""
    return b"\n\n".join(path.read_bytes() for path in SEEDS[:3])


@pytest.fixture
def broker(settings):
    with throwaway_redis() as redis, producing_to(redis.url):
        settings.CELERY_BROKER_URL = redis.url
        yield redis


@pytest.fixture
def worker_log(artifacts_dir, request) -> Path:
    log = artifacts_dir / "reliability" / f"{request.node.name}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.unlink(missing_ok=True)
    return log


@pytest.fixture(scope="session")
def slow_article(long_article) -> bytes:
    """The articles plus a long stretch of plain prose: a job that spends many seconds extracting."""
    prose = "The committee discussed the weather and the harvest at great length, as it does every year.\n"
    return long_article + b"\n\n" + (prose * 8000).encode()
