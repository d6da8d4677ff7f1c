"""Point this process's Celery app (what submissions enqueue with) at another broker for writes.

One helper for every test that does it, so they cannot leave each other a different state: with the
app's `CELERY` namespace, Celery reads `CELERY_BROKER_WRITE_URL` before `broker_write_url`, so a test
that set one spelling and "cleared" it to None hid the other spelling from every later test (their
jobs went to the session broker, and workers listening elsewhere never saw them).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from config.celery import app

# The namespaced spelling is the one Settings looks up first; a None there falls back to broker_url.
WRITE_URL_KEY = "CELERY_BROKER_WRITE_URL"


def broker_writes_to(url: str | None) -> None:
    """Send the app's messages to `url` from now on (None: back to the configured broker)."""
    app.conf.update({WRITE_URL_KEY: url})
    # Forget the app's pools so the next send connects to the new URL. Not closed: kombu keeps one
    # producer pool per broker URL for the process, and a closed one would be handed out again
    # ("Acquire on closed pool") the next time that URL is used.
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def producing_to(url: str) -> Iterator[None]:
    broker_writes_to(url)
    try:
        yield
    finally:
        broker_writes_to(None)
