"""gunicorn reads this file from the working directory: `make run`, docker-compose and the tests' servers
all start it from the project root."""

import os


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
