"""One lazily created Neo4j driver per process, and the translation of driver errors."""

import functools
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.conf import settings
from neo4j import READ_ACCESS, Driver, GraphDatabase, ManagedTransaction
from neo4j.exceptions import AuthError, DriverError, Neo4jError, ServiceUnavailable, SessionExpired

from kg.errors import GraphError, GraphUnavailable

T = TypeVar("T")

LIVENESS_CHECK_AFTER_IDLE_SECONDS = 2.0

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
            _driver = GraphDatabase.driver(
                settings.NEO4J_URI,
                auth=(settings.NEO4J_USER, settings.NEO4J_PASSWORD),
                connection_timeout=settings.NEO4J_CONNECTION_TIMEOUT,
                connection_acquisition_timeout=settings.NEO4J_CONNECTION_TIMEOUT * 2,
                max_transaction_retry_time=settings.NEO4J_CONNECTION_TIMEOUT,
                # After a server restart pooled sockets are dead: check a socket idle for longer than a
                # restart takes before reusing it. Not every time: that is a round trip per transaction.
                liveness_check_timeout=LIVENESS_CHECK_AFTER_IDLE_SECONDS,
            )
            _driver_pid = os.getpid()
    return _driver


def close_driver() -> None:
    global _driver
    with _lock:
        if _driver is not None:
            _driver.close()
            _driver = None


@contextmanager
def translated_errors() -> Iterator[None]:
    try:
        yield
    except (ServiceUnavailable, SessionExpired, AuthError, OSError) as exc:
        raise GraphUnavailable("The graph database is unavailable.", detail=str(exc)) from exc
    except Neo4jError as exc:
        raise GraphError("The graph database refused the query.", detail=exc.code) from exc
    except DriverError as exc:
        raise GraphUnavailable("The graph database driver failed.", detail=str(exc)) from exc


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
