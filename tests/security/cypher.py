"""Watches the Cypher text the app sends to the real Neo4j, and knows every text the app may send:
the constants of kg.repository (strings, and the dicts built from the Label and RelType allow-lists)."""

import importlib
import pkgutil
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

import neo4j
from neo4j._sync.work.transaction import TransactionBase

import kg.repository

_CYPHER_WORDS = ("MATCH", "MERGE", "CREATE", "UNWIND", "RETURN", "CALL", "DELETE", "SET ")


def _texts(value: object) -> Iterator[str]:
    if isinstance(value, str) and any(word in value for word in _CYPHER_WORDS):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)


def cypher_texts(module: ModuleType) -> frozenset[str]:
    """The query texts a module defines at import time (constants, and dicts of them)."""
    return frozenset(text for value in vars(module).values() for text in _texts(value))


def known_queries() -> frozenset[str]:
    """Every query text defined at import time anywhere in kg.repository."""
    modules = pkgutil.iter_modules(kg.repository.__path__, "kg.repository.")
    return frozenset().union(*(cypher_texts(importlib.import_module(info.name)) for info in modules))


@contextmanager
def recorded_cypher(monkeypatch) -> Iterator[list[str]]:
    """Every query text run while inside, in order; the queries still run against the real database."""
    texts: list[str] = []
    transaction_run, session_run = TransactionBase.run, neo4j.Session.run

    def in_transaction(self, query, parameters=None, **kwargs):
        texts.append(str(query))
        return transaction_run(self, query, parameters, **kwargs)

    def in_session(self, query, parameters=None, **kwargs):
        texts.append(str(query))
        return session_run(self, query, parameters, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(TransactionBase, "run", in_transaction)
        patch.setattr(neo4j.Session, "run", in_session)
        yield texts
