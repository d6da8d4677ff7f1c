"""Schemathesis hooks for this API (CLI: SCHEMATHESIS_HOOKS=tests.api.schemathesis_hooks).

A cursor is opaque: the schema can say what one looks like, not which strings name a real page.
A made-up cursor is rightly a 400, so that one "schema-valid request rejected" is not a finding.

Likewise a submitted document: the schema can say it is a string, not that it is readable text
whose language can be told (ingest.validation reads it as the pipeline would). A made-up text the
checks refuse for its content is rightly a 400 too.

And a curator's write the graph's rules refuse (kg.services: a relation joining an entity to itself,
a type the vocabulary does not allow between those labels, a key that is not what the key rule
makes of it): the schema states the form of each field, not these rules across fields and the graph.
Those answers are told apart by their message: DRF's validation of the fields (which the schema
does state) always says "Invalid parameters." (api.errors); a rule says what it refuses.
"""

import json
import re

import schemathesis
from hypothesis import HealthCheck, Phase, settings


def _invalid_cursor_only(response) -> bool:
    try:
        detail = json.loads(response.content)["error"]["detail"]
    except (ValueError, KeyError, TypeError):
        return False
    return isinstance(detail, dict) and list(detail) == ["non_field_errors"] and "cursor" in str(detail)


# What the content of a document (not its form in the request) is refused for.
_CONTENT_CODES = {"no_document", "empty_input", "unreadable_input", "language_unsure"}


def _refused_for_its_content(case, response) -> bool:
    if case.method.upper() != "POST" or case.path != "/api/v1/documents" or response.status_code != 400:
        return False
    try:
        return json.loads(response.content)["error"]["code"] in _CONTENT_CODES
    except (ValueError, KeyError, TypeError):
        return False


_CURATION_WRITE = re.compile(r"^/api/v1/(facts|entities|attribute-values|audit)")


def _refused_by_a_graph_rule(case, response) -> bool:
    if case.method.upper() not in ("POST", "PATCH") or not _CURATION_WRITE.match(case.path):
        return False
    try:
        error = json.loads(response.content)["error"]
    except (ValueError, KeyError, TypeError):
        return False
    return error.get("code") == "invalid_parameter" and error.get("message") != "Invalid parameters."


@schemathesis.hook
def filter_failure(context, failure, case, response) -> bool:
    if failure.code != "ST202" or response.status_code != 400:
        return True
    made_up_cursor = "cursor" in (case.query or {}) and _invalid_cursor_only(response)
    return not (made_up_cursor or _refused_for_its_content(case, response) or _refused_by_a_graph_rule(case, response))


# Bounded and repeatable: a dozen derandomized examples per operation (test_schemathesis and test_schemathesis_curation).
BOUNDED = settings(
    max_examples=12,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
