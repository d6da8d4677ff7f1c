"""One lazily created Neo4j driver per process, and the translation of driver errors."""

import functools
import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.conf import settings
from neo4j import READ_ACCESS, Driver, GraphDatabase, ManagedTransaction
from neo4j.exceptions import (
    AuthError,
    ClientError,
    DatabaseUnavailable,
    DriverError,
    Neo4jError,
)

from kg.errors import GraphError, GraphUnavailable

T = TypeVar("T")

logger = logging.getLogger(__name__)
# What every public answer says when the graph cannot be reached: never the driver's text, which names
# the server's address. The driver's own words go to the log.
UNAVAILABLE_MESSAGE = "The graph database is unavailable."
_lock = threading.Lock()
# The read transaction of the request being served, when its handler runs inside one_read().
_shared_read: ContextVar[ManagedTransaction | None] = ContextVar("neo4j_shared_read", default=None)
_driver: Driver | None = None
_driver_pid: int | None = None


def get_driver() -> Driver:
    """The process's driver, created on first use (and again after a fork: sockets are not shared)."""
    global _driver, _driver_pid
    if _driver is not None and _driver_pid == os.getpid():
        return _driver
    with _lock:
        if _driver is None or _driver_pid != os.getpid():
            timeout = settings.NEO4J_CONNECTION_TIMEOUT
            _driver = GraphDatabase.driver(
                settings.NEO4J_URI,
                auth=(settings.NEO4J_USER, settings.NEO4J_PASSWORD),
                connection_timeout=timeout,
                # A hung server (alive, not answering) keeps pooled connections busy: this bounds the wait
                # for one, and the liveness check below, so a request gets its 503 instead of hanging.
                connection_acquisition_timeout=settings.NEO4J_CONNECTION_ACQUISITION_TIMEOUT or timeout * 2,
                max_transaction_retry_time=settings.NEO4J_MAX_TRANSACTION_RETRY_TIME or timeout,
                # After a server restart pooled sockets are dead: check a socket idle for longer than a
                # restart takes before reusing it. Not every time: that is a round trip per transaction.
                liveness_check_timeout=settings.NEO4J_LIVENESS_CHECK_TIMEOUT,
            )
            _driver_pid = os.getpid()
    return _driver


def close_driver() -> None:
    global _driver
    with _lock:
        if _driver is not None:
            _driver.close()
            _driver = None


def _unavailable(exc: Exception) -> GraphUnavailable:
    logger.warning("The graph database is unavailable: %s: %s", type(exc).__name__, exc)
    return GraphUnavailable(UNAVAILABLE_MESSAGE)


@contextmanager
def translated_errors() -> Iterator[None]:
    """Driver errors as the graph layer's: "unavailable" (the 503 path) whenever the graph did not answer
    (down, hung, restarting, refusing our credentials), a GraphError when it refused a query."""
    try:
        yield
    except (AuthError, DatabaseUnavailable) as exc:
        raise _unavailable(exc) from exc
    except Neo4jError as exc:
        # The pool's own timeout (no connection free or alive in time, e.g. a hung server) is a ClientError
        # the driver raises itself, with no status code; every error the server sends has one.
        if isinstance(exc, ClientError) and exc.code is None:
            raise _unavailable(exc) from exc
        raise GraphError("The graph database refused the query.", detail=exc.code) from exc
    except (DriverError, OSError) as exc:
        # ServiceUnavailable, SessionExpired, sockets timing out, and the driver failing otherwise.
        raise _unavailable(exc) from exc


def read(work: Callable[..., T], /, **params: Any) -> T:
    """Run an idempotent read transaction function; retried by the driver on transient errors.

    Inside one_read() it runs in that shared transaction (errors surface untranslated to one_read,
    which retries the whole handler or translates them).
    """
    shared = _shared_read.get()
    if shared is not None:
        return work(shared, **params)
    with translated_errors(), get_driver().session(database=settings.NEO4J_DATABASE) as session:
        return session.execute_read(work, **params)


def one_read(handler: Callable[..., T]) -> Callable[..., T]:
    """Run a read-only request handler with all its graph reads in one read transaction.

    A page or an API answer reads a few things (the graph's version for the ETag, where a key lives,
    the answer itself): one session and one BEGIN/COMMIT for all of them instead of one each. The
    driver retries the whole handler on a transient error or a connection lost (it only reads).
    Writes made by the handler (none should) would still run in their own transactions.
    """

    @functools.wraps(handler)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        if _shared_read.get() is not None:
            return handler(*args, **kwargs)

        def unit(tx: ManagedTransaction) -> T:
            token = _shared_read.set(tx)
            try:
                return handler(*args, **kwargs)
            finally:
                _shared_read.reset(token)

        with (
            translated_errors(),
            get_driver().session(database=settings.NEO4J_DATABASE, default_access_mode=READ_ACCESS) as session,
        ):
            return session.execute_read(unit)

    return wrapper


def write(work: Callable[..., T], /, **params: Any) -> T:
    """Run an idempotent write transaction function as one unit of work."""
    with translated_errors(), get_driver().session(database=settings.NEO4J_DATABASE) as session:
        return session.execute_write(work, **params)


def rehearse(work: Callable[..., T], /, **params: Any) -> T:
    """Run a write transaction function and roll it back: Neo4j plans (and caches) every statement
    the work sends, and nothing is written. For the start-up warm-up (kg.warm)."""
    with translated_errors(), get_driver().session(database=settings.NEO4J_DATABASE) as session:
        tx = session.begin_transaction()
        try:
            return work(tx, **params)
        finally:
            tx.rollback()


def run_autocommit(query: str, **params: Any) -> list[dict[str, Any]]:
    """Schema statements cannot run inside managed transactions."""
    with translated_errors(), get_driver().session(database=settings.NEO4J_DATABASE) as session:
        return [record.data() for record in session.run(query, **params)]


def ping() -> None:
    with translated_errors():
        get_driver().verify_connectivity()


__all__ = [
    "ManagedTransaction",
    "close_driver",
    "get_driver",
    "one_read",
    "ping",
    "read",
    "rehearse",
    "run_autocommit",
    "write",
]
