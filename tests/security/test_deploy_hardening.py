"""Operations hardening (issue 16): `check --deploy` refuses a weak graph password and a wildcard host,
/healthz answers over plain HTTP under the HTTPS redirect (so the compose healthcheck passes), and a
DEBUG error page shows no password, not even one inside a URL."""

import pytest

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
