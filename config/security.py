"""A Content-Security-Policy on every answer (no inline scripts anywhere), and the deploy checks that
keep production settings honest: secrets from the environment, HTTPS settings, the policy installed."""

import os

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

HEADER = "Content-Security-Policy"
REPORT_ONLY_HEADER = "Content-Security-Policy-Report-Only"
MIDDLEWARE = "config.security.ContentSecurityPolicyMiddleware"
# What settings.py falls back to for local runs; a deployment that still has them is misconfigured.
LOCAL_SECRET_KEY = "insecure-local-only-key-change-me-in-production"
LOCAL_NEO4J_PASSWORD = "neo4j-local-dev"


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
    if MIDDLEWARE not in settings.MIDDLEWARE:
        problems.append(Warning("The Content-Security-Policy middleware is not installed.", id="kg.W001"))
    elif settings.CSP_REPORT_ONLY:
        problems.append(Warning("CSP_REPORT_ONLY is on: the policy reports but does not block.", id="kg.W002"))
    if any("'unsafe-inline'" in value for value in _script_sources()):
        problems.append(Error("The Content-Security-Policy allows inline scripts.", id="kg.E003"))
    return problems


def _script_sources() -> list[str]:
    sources = [settings.CSP_DIRECTIVES.get("script-src", "")]
    sources += [extra.get("script-src", "") for extra in settings.CSP_PATH_EXTRAS.values()]
    return sources
