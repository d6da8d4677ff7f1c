"""What Django's error pages and mails show of settings, the request and a traceback's variables: never
a password, including one inside a URL (CELERY_BROKER_URL, DATABASE_URL, CACHE_URL in the environment)."""

import re

from django.views.debug import SafeExceptionReporterFilter

# scheme://user:password@host... : the password part, wherever such a URL appears in a string. Up to
# the @ before the host, whatever it holds (a generated password may contain / ? #; an @ in one is
# percent-encoded).
_URL_PASSWORD = re.compile(r"(?P<head>\b[a-z][a-z0-9+.-]*://[^:/@\s]*:)(?P<password>[^\s@]*)(?=@)", re.I)


def without_url_passwords(text: str, substitute: str) -> str:
    return _URL_PASSWORD.sub(lambda m: m["head"] + substitute, text)


class SecretsFilter(SafeExceptionReporterFilter):
    """Django's filter (names like KEY, SECRET, PASS, TOKEN hidden whole), plus any "DSN", and URLs keep
    their host (useful when debugging) but lose their password. Active with DEBUG on too, where the
    technical 500 page shows every setting and, under runserver, the environment in request.META."""

    hidden_settings = re.compile(SafeExceptionReporterFilter.hidden_settings.pattern + "|DSN", flags=re.I)

    def cleanse_setting(self, key, value):
        cleansed = super().cleanse_setting(key, value)
        if type(cleansed) is str:  # not lazy objects: evaluating them could fail or have effects
            return without_url_passwords(cleansed, self.cleansed_substitute)
        return cleansed

    def cleanse_special_types(self, request, value):
        cleansed = super().cleanse_special_types(request, value)
        if type(cleansed) is str:
            return without_url_passwords(cleansed, self.cleansed_substitute)
        return cleansed
