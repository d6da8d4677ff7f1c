"""gunicorn reads this file from the working directory: `make run`, docker-compose and the tests' servers
all start it from the project root."""

import os

# gunicorn answers a request line over this with its own HTML 414; the app's limit is lower
# (API_MAX_REQUEST_LINE, 4094 bytes by default) and answers /api/ in the API's JSON error shape.
# 8190 is gunicorn's highest finite limit (0 would read a line of any length).
limit_request_line = 8190


def on_starting(server) -> None:
    """Before it listens, have Neo4j plan every statement the app sends (kg/warm.py), so /healthz
    answers, and the first reader arrives, only once the first page is as quick as the next one.
    The master then drops its driver: each worker opens its own after the fork."""
    if os.environ.get("KG_WARM_AT_START", "1") == "0":
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from kg.repository.driver import close_driver
    from kg.warm import warm

    done = warm()
    close_driver()
    server.log.info("warm-up: %d statements in %.1f s", len(done), sum(w.seconds for w in done))


def post_worker_init(worker) -> None:
    """Each worker loads, before its first request, what that request would otherwise load: every view
    module (through the URL map), every page template compiled, each interface language's catalogue."""
    if os.environ.get("KG_WARM_AT_START", "1") == "0":
        return
    from pathlib import Path

    from django.conf import settings
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 - imports the views
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Search")
    pages = Path(settings.BASE_DIR) / "webui" / "templates"
    for template in sorted(pages.rglob("*.html")):
        get_template(template.relative_to(pages).as_posix())
