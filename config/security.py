"""A Content-Security-Policy on every answer (no inline scripts anywhere), and the deploy checks that
keep production settings honest: secrets from the environment, HTTPS settings, the policy installed."""

import os

from django.conf import settings
from django.contrib.auth.password_validation import (
    CommonPasswordValidator,
    MinimumLengthValidator,
    NumericPasswordValidator,
    validate_password,
)
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ValidationError

HEADER = "Content-Security-Policy"
REPORT_ONLY_HEADER = "Content-Security-Policy-Report-Only"
MIDDLEWARE = "config.security.ContentSecurityPolicyMiddleware"
# What settings.py falls back to for local runs; a deployment that still has them is misconfigured.
LOCAL_SECRET_KEY = "insecure-local-only-key-change-me-in-production"
LOCAL_NEO4J_PASSWORD = "neo4j-local-dev"
# The graph's password meets Django's own rules for user passwords, stricter on length: Django's list of
# about 20,000 common passwords, not only digits, 12 characters at least.
NEO4J_PASSWORD_MIN_LENGTH = 12


def policy_text(directives: dict[str, str]) -> str:
    return "; ".join(f"{name} {value}".strip() for name, value in directives.items())


def policy_for(path: str) -> str:
    """The base policy, with a path prefix's extra sources added (never 'unsafe-inline' for scripts)."""
    directives = dict(settings.CSP_DIRECTIVES)
    for prefix, extra in settings.CSP_PATH_EXTRAS.items():
        if path.startswith(prefix):
            for name, value in extra.items():
                directives[name] = f"{directives.get(name, '')} {value}".strip()
    return policy_text(directives)


class ContentSecurityPolicyMiddleware:
    """Adds the policy unless a view set its own; CSP_REPORT_ONLY=true only reports violations."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        header = REPORT_ONLY_HEADER if settings.CSP_REPORT_ONLY else HEADER
        if HEADER not in response and REPORT_ONLY_HEADER not in response:
            response[header] = policy_for(request.path)
        return response


@register(Tags.security, deploy=True)
def production_settings_check(app_configs, **kwargs) -> list:
    """What `check --deploy` adds to Django's own list for this app."""
    problems = []
    if not os.environ.get("DJANGO_SECRET_KEY") or settings.SECRET_KEY == LOCAL_SECRET_KEY:
        problems.append(
            Error("DJANGO_SECRET_KEY is not set in the environment.", hint="Set 50+ random characters.", id="kg.E001")
        )
    if settings.NEO4J_PASSWORD == LOCAL_NEO4J_PASSWORD or not os.environ.get("NEO4J_PASSWORD"):
        problems.append(Error("NEO4J_PASSWORD is not set in the environment (or is the local one).", id="kg.E002"))
    elif weakness := neo4j_password_weakness(settings.NEO4J_PASSWORD, user=settings.NEO4J_USER):
        problems.append(Error(f"NEO4J_PASSWORD is weak: {weakness}", hint="Set 12+ random characters.", id="kg.E004"))
    if "*" in settings.ALLOWED_HOSTS:
        problems.append(
            Error(
                "ALLOWED_HOSTS contains '*': any Host header is accepted (host header poisoning).",
                hint="Set DJANGO_ALLOWED_HOSTS to the site's host names.",
                id="kg.E005",
            )
        )
    if MIDDLEWARE not in settings.MIDDLEWARE:
        problems.append(Warning("The Content-Security-Policy middleware is not installed.", id="kg.W001"))
    elif settings.CSP_REPORT_ONLY:
        problems.append(Warning("CSP_REPORT_ONLY is on: the policy reports but does not block.", id="kg.W002"))
    if any("'unsafe-inline'" in value for value in _script_sources()):
        problems.append(Error("The Content-Security-Policy allows inline scripts.", id="kg.E003"))
    return problems


def neo4j_password_weakness(password: str, *, user: str) -> str:
    """Why the graph's password is weak (Django's validators' words, never the password), or ""."""
    if password.strip().lower() == user.strip().lower():
        return "it is the user name."
    validators = [
        MinimumLengthValidator(min_length=NEO4J_PASSWORD_MIN_LENGTH),
        CommonPasswordValidator(),
        NumericPasswordValidator(),
    ]
    try:
        validate_password(password, password_validators=validators)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return ""


def _script_sources() -> list[str]:
    sources = [settings.CSP_DIRECTIVES.get("script-src", "")]
    sources += [extra.get("script-src", "") for extra in settings.CSP_PATH_EXTRAS.values()]
    return sources
