"""Operations hardening (issue 16): `check --deploy` refuses a weak graph password and a wildcard host,
/healthz answers over plain HTTP under the HTTPS redirect (so the compose healthcheck passes), and a
DEBUG error page shows no password, not even one inside a URL."""

import re
import secrets
import sys
from urllib.parse import urlsplit

import pytest
import yaml
from django.conf import settings
from django.test import RequestFactory
from django.views.debug import technical_500_response

from tests.security.test_settings import PRODUCTION, _clean_env, _manage

WEAK_NEO4J_PASSWORDS = {
    "password": "too common",
    "neo4j": "is the user name",
    "Xk4-short": "too short",
    "qwertyuiop12": "too common",  # 12 characters, in Django's list of common passwords
    "123456789012345": "entirely numeric",
}


def _deploy_check(**overrides: str) -> str:
    out = _manage("check", "--deploy", env=_clean_env(**{**PRODUCTION, **overrides}))
    assert out.returncode != 0, out.stdout + out.stderr
    return out.stdout + out.stderr


@pytest.mark.parametrize("password", WEAK_NEO4J_PASSWORDS)
def test_check_deploy_refuses_a_weak_neo4j_password(password):
    report = _deploy_check(NEO4J_PASSWORD=password)
    assert "kg.E004" in report and "NEO4J_PASSWORD is weak" in report, report
    assert WEAK_NEO4J_PASSWORDS[password] in report, report
    # The message never repeats the password (Django's validators' words only).
    assert repr(password) not in report and f'"{password}"' not in report and f": {password}" not in report


@pytest.mark.parametrize("hosts", ["*", "kg.example.org,*"])
def test_check_deploy_refuses_a_wildcard_host(hosts):
    report = _deploy_check(DJANGO_ALLOWED_HOSTS=hosts)
    assert "kg.E005" in report and "ALLOWED_HOSTS contains '*'" in report, report


# --- /healthz and the HTTPS redirect ---------------------------------------------------------------


def test_healthz_answers_over_http_while_every_other_page_redirects(client, graph_schema, db, settings):
    settings.SECURE_SSL_REDIRECT = True  # what check --deploy asks for, as in production
    health = client.get("/healthz")
    assert health.status_code == 200, health.content
    for path in ("/", "/models/gpt-3", "/api/v1/models", "/admin/login/"):
        page = client.get(path)
        assert page.status_code == 301 and page["Location"] == f"https://testserver{path}", path
    assert client.get("/", secure=True).status_code == 200


def _compose() -> dict:
    return yaml.safe_load((settings.BASE_DIR / "docker-compose.yml").read_text())


def _compose_value(value: str) -> str:
    """A compose value with ${NAME:-default} and ${NAME:?message} as a deployment that sets none of the
    optional ones sees them: the default, or empty."""
    return re.sub(r"\$\{[A-Z0-9_]+(?::-([^}]*)|:\?[^}]*)?\}", lambda m: m[1] or "", value)


def test_compose_web_healthcheck_asks_what_answers_200_under_production_settings(client, graph_schema, db, settings):
    compose = _compose()
    web = compose["services"]["web"]
    app_env = web["environment"]
    # The stack passes production's HTTPS settings through to the app (they are not fixed off).
    for name in ("DJANGO_SECURE_SSL_REDIRECT", "DJANGO_SECURE_PROXY_SSL_HEADER", "DJANGO_SECURE_COOKIES"):
        assert f"${{{name}" in str(app_env.get(name)), name
    # ... under the names settings.py reads (a misspelt one would silently leave production's value out).
    source = (settings.BASE_DIR / "config" / "settings.py").read_text()
    assert set(app_env) - set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z0-9_]+)\"", source)) == set()
    command = " ".join(web["healthcheck"]["test"])
    (url,) = re.findall(r"https?://[^'\"\s]+", command)
    target = urlsplit(url)
    assert f"--bind 0.0.0.0:{target.port}" in " ".join(web["command"]), "the healthcheck asks gunicorn's port"
    allowed_hosts = [h for h in _compose_value(app_env["DJANGO_ALLOWED_HOSTS"]).split(",") if h]
    assert target.hostname in allowed_hosts

    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = allowed_hosts
    settings.DEBUG = _compose_value(app_env["DJANGO_DEBUG"]) == "true"
    answer = client.get(target.path, secure=target.scheme == "https", HTTP_HOST=target.netloc)
    assert answer.status_code == 200, (url, answer.status_code, answer.get("Location"))


# --- DEBUG error pages -----------------------------------------------------------------------------

# Made at run time: the page shows the source around each frame, and literals there would be found.
BROKER_PASSWORD = f"broker/{secrets.token_hex(8)}?#x"  # generated passwords may hold / ? #
DATABASE_PASSWORD = f"database-{secrets.token_hex(8)}"
NEO4J_PASSWORD = f"neo4j-{secrets.token_hex(8)}"
SECRET_KEY = f"secret-key-{secrets.token_hex(25)}"


def _failing_view(request):
    broker_url = settings.CELERY_BROKER_URL  # noqa: F841 - a local the traceback shows
    raise RuntimeError("the view failed")


def test_debug_error_page_shows_no_password(settings):
    settings.DEBUG = True
    settings.CELERY_BROKER_URL = f"redis://:{BROKER_PASSWORD}@redis.internal:6379/0"
    settings.NEO4J_PASSWORD = NEO4J_PASSWORD
    settings.SECRET_KEY = SECRET_KEY
    # Under runserver the process environment is in request.META, as here.
    request = RequestFactory().get(
        "/boom",
        DATABASE_URL=f"postgres://kg:{DATABASE_PASSWORD}@db.internal:5432/kg",
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
    )
    try:
        _failing_view(request)
    except RuntimeError:
        page = technical_500_response(request, *sys.exc_info()).content.decode()
    assert "the view failed" in page and "CELERY_BROKER_URL" in page and "DATABASE_URL" in page
    assert "redis.internal:6379" in page  # the host stays, for debugging
    for secret in (BROKER_PASSWORD, DATABASE_PASSWORD, NEO4J_PASSWORD, SECRET_KEY):
        assert secret not in page, secret
