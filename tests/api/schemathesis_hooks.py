"""Schemathesis hooks for this API (CLI: SCHEMATHESIS_HOOKS=tests.api.schemathesis_hooks).

A cursor is opaque: the schema can say what one looks like, not which strings name a real page.
A made-up cursor is rightly a 400, so that one "schema-valid request rejected" is not a finding.
"""

import json

import schemathesis


def _invalid_cursor_only(response) -> bool:
    try:
        detail = json.loads(response.content)["error"]["detail"]
    except (ValueError, KeyError, TypeError):
        return False
    return isinstance(detail, dict) and list(detail) == ["non_field_errors"] and "cursor" in str(detail)


@schemathesis.hook
def filter_failure(context, failure, case, response) -> bool:
    made_up_cursor = failure.code == "ST202" and response.status_code == 400 and "cursor" in (case.query or {})
    return not (made_up_cursor and _invalid_cursor_only(response))
