"""Production settings: `check --deploy` is clean with a production environment, names every missing
secret without one, and secrets and HTTPS settings come from the environment, never from code."""

import json
import os
import re
import secrets
import subprocess
import sys

from django.conf import settings

from config.security import policy_for

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(48)[:50],
    "DJANGO_ALLOWED_HOSTS": "kg.example.org",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://kg.example.org",
    "DJANGO_SECURE_SSL_REDIRECT": "true",
    "DJANGO_SECURE_HSTS_SECONDS": "31536000",
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "DJANGO_SECURE_HSTS_PRELOAD": "true",
    "DJANGO_SECURE_COOKIES": "true",
    "DJANGO_SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
    "NEO4J_PASSWORD": secrets.token_urlsafe(24),
}


PRODUCTION_VALUES = {
    "SECRET_KEY": repr(PRODUCTION["DJANGO_SECRET_KEY"]),
    "NEO4J_PASSWORD": repr(PRODUCTION["NEO4J_PASSWORD"]),
    "SECURE_PROXY_SSL_HEADER": "('HTTP_X_FORWARDED_PROTO', 'https')",
    "SESSION_COOKIE_SECURE": "True",
    "CSRF_COOKIE_SECURE": "True",
    "SECURE_SSL_REDIRECT": "True",
    "SECURE_HSTS_SECONDS": "31536000",
}


def _clean_env(**extra: str) -> dict[str, str]:
    """Only PATH and HOME from here: no developer's .env values or test settings leak in."""
    return {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), **extra}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _settings(env: dict[str, str], *names: str) -> dict[str, str]:
    """What a fresh process started with `env` has for these settings, as repr() strings."""
    code = f"import json; from django.conf import settings; print(json.dumps({{n: repr(getattr(settings, n)) for n in {names!r}}}))"
    out = _manage("shell", "--verbosity", "0", "-c", code, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_check_deploy_is_clean_with_production_settings():
    out = _manage("check", "--deploy", "--fail-level", "WARNING", env=_clean_env(**PRODUCTION))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "System check identified no issues" in out.stdout


def test_check_deploy_names_each_missing_secret_and_https_setting():
    out = _manage("check", "--deploy", env=_clean_env(DJANGO_DEBUG="false"))
    assert out.returncode != 0
    report = out.stderr + out.stdout
    for problem in ("kg.E001", "kg.E002", "security.W004", "security.W008", "security.W012", "security.W016"):
        assert problem in report, problem


def test_secrets_and_https_settings_come_from_the_environment():
    found = _settings(_clean_env(**PRODUCTION), *PRODUCTION_VALUES)
    assert found == PRODUCTION_VALUES


def test_local_defaults_stay_plain_http():
    found = _settings(_clean_env(), "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_PROXY_SSL_HEADER")
    assert found == {"SECURE_SSL_REDIRECT": "False", "SECURE_HSTS_SECONDS": "0", "SECURE_PROXY_SSL_HEADER": "None"}


def test_every_answer_carries_a_policy_without_inline_scripts(client, db):
    for path in ("/", "/admin/login/", "/api/docs/", "/api/v1/models", "/healthz", "/no-such-page"):
        policy = client.get(path)["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["script-src"] == "'self'", (path, policy)
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
        assert "'unsafe-eval'" not in policy and "http" not in policy, policy


def test_only_admin_and_api_views_may_use_inline_styles():
    assert "'unsafe-inline'" not in policy_for("/models/gpt-3")
    assert "'unsafe-inline'" not in policy_for("/")
    assert "style-src 'self' 'unsafe-inline'" in policy_for("/admin/ingest/submission/")


def _example() -> dict[str, str]:
    """.env.example as django-environ reads it (what a newcomer's copied .env becomes)."""
    values: dict[str, str] = {}
    for line in (settings.BASE_DIR / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value
    return values


def test_env_example_lists_every_setting_read_and_its_values_work():
    example = _example()
    source = (settings.BASE_DIR / "config" / "settings.py").read_text()
    read = set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z0-9_]+)\"", source))
    assert read - set(example) - {"DJANGO_SECRET_KEY"} == set(), "settings read keys .env.example does not list"
    assert [name for name, value in example.items() if "#" in value] == []
    out = _manage("check", env=_clean_env(**example))
    assert out.returncode == 0, out.stdout + out.stderr
