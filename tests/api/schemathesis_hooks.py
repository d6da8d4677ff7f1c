"""Schemathesis hooks for this API (CLI: SCHEMATHESIS_HOOKS=tests.api.schemathesis_hooks).

A cursor is opaque: the schema can say what one looks like, not which strings name a real page.
A made-up cursor is rightly a 400, so that one "schema-valid request rejected" is not a finding.

Likewise a submitted document: the schema can say it is a string, not that it is readable text
whose language can be told (ingest.validation reads it as the pipeline would). A made-up text the
checks refuse for its content is rightly a 400 too.
"""

import json

import schemathesis


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


@schemathesis.hook
def filter_failure(context, failure, case, response) -> bool:
    if failure.code != "ST202" or response.status_code != 400:
        return True
    made_up_cursor = "cursor" in (case.query or {}) and _invalid_cursor_only(response)
    return not (made_up_cursor or _refused_for_its_content(case, response))
