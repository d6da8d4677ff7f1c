"""GET /healthz: the status of each part the app needs (200 when all are up, 503 naming the ones down)."""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from kombu import Connection

from kg import selectors
from kg.errors import GraphError


def _graph() -> str | None:
    try:
        selectors.graph_ping()
    except GraphError as exc:
        return exc.message
    return None


def _broker() -> str | None:
    try:
        # A fresh connection each time: a pooled one could hide that the broker went away. The
        # transport options carry the socket timeouts, so a frozen broker is "down", not a hang.
        options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2, transport_options=options) as conn:
            conn.ensure_connection(max_retries=0, timeout=2)
            conn.default_channel  # noqa: B018 - opening a channel PINGs: connecting alone succeeds on a frozen server
    except Exception as exc:  # noqa: BLE001 - any failure to reach the broker is "down"
        return f"The broker is unreachable: {exc.__class__.__name__}"
    return None


def _database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any failure to query the database is "down"
        return f"The database is unreachable: {exc.__class__.__name__}"
    return None


def healthz(request):
    checks = {"neo4j": _graph(), "broker": _broker(), "database": _database()}
    body = {
        name: ({"status": "up"} if error is None else {"status": "down", "error": error})
        for name, error in checks.items()
    }
    down = [name for name, error in checks.items() if error is not None]
    response = JsonResponse(
        {"status": "down" if down else "up", "down": down, "checks": body}, status=503 if down else 200
    )
    if down:
        response["Retry-After"] = "10"
    response["Cache-Control"] = "no-store"
    return response
