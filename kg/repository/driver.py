"""One lazily created Neo4j driver per process, and the translation of driver errors."""

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.conf import settings
from neo4j import Driver, GraphDatabase, ManagedTransaction
from neo4j.exceptions import AuthError, DriverError, Neo4jError, ServiceUnavailable, SessionExpired

from kg.errors import GraphError, GraphUnavailable

T = TypeVar("T")

LIVENESS_CHECK_AFTER_IDLE_SECONDS = 2.0

_lock = threading.Lock()
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
    """Run an idempotent read transaction function; retried by the driver on transient errors."""
    with translated_errors(), get_driver().session(database=settings.NEO4J_DATABASE) as session:
        return session.execute_read(work, **params)


def write(work: Callable[..., T], /, **params: Any) -> T:
    """Run an idempotent write transaction function as one unit of work."""
    with translated_errors(), get_driver().session(database=settings.NEO4J_DATABASE) as session:
        return session.execute_write(work, **params)


def run_autocommit(query: str, **params: Any) -> list[dict[str, Any]]:
    """Schema statements cannot run inside managed transactions."""
    with translated_errors(), get_driver().session(database=settings.NEO4J_DATABASE) as session:
        return [record.data() for record in session.run(query, **params)]


def ping() -> None:
    with translated_errors():
        get_driver().verify_connectivity()


__all__ = ["ManagedTransaction", "close_driver", "get_driver", "ping", "read", "run_autocommit", "write"]
