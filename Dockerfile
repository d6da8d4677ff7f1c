# One image for the web (gunicorn) and worker (celery) services of docker-compose.yml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first so code edits do not invalidate the pip layer.
COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY . .

# Static files are baked into the image; the key only satisfies settings at build time and is
# never used at runtime (compose passes the real DJANGO_SECRET_KEY).
RUN DJANGO_SECRET_KEY=build-time-dummy-not-used-at-runtime python manage.py collectstatic --noinput \
    && useradd --system --uid 10001 --home-dir /app app \
    && mkdir -p /app/var \
    && chown -R app:app /app/var

USER app
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", "--access-logfile", "-"]
