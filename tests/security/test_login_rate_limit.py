"""Admin login rate limit (django-axes): failed logins through the real admin form lock that username
from that address out with a clear 429 page; a good password is then refused too until the lockout is
lifted with `manage.py axes_reset`; other users and other addresses log in as before; the address is the
socket's, not a header the client sends; API tokens are not affected."""

import os

from django.conf import settings
from django.core.management import call_command
from django.test import Client

from tests.security.people import (  # noqa: F401 - fixtures
    CURATOR_PASSWORD,
    READER_PASSWORD,
    curator_user,
    reader_user,
    token_client,
)

ATTACKER = "203.0.113.5"
NEIGHBOUR = "198.51.100.7"
LOGIN = "/admin/login/?next=/admin/"


def _login(username: str, password: str, address: str, **headers: str):
    client = Client(REMOTE_ADDR=address)
    response = client.post(LOGIN, {"username": username, "password": password}, **headers)
    return response, client


def _logged_in(response, client) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/" and "_auth_user_id" in client.session


def _fail_until_locked(username: str, address: str) -> None:
    limit = settings.AXES_FAILURE_LIMIT
    assert limit == 10  # the shipped setting
    for attempt in range(1, limit):
        response, _ = _login(username, "wrong-password-1", address)
        assert response.status_code == 200 and b"Please enter the correct username" in response.content, attempt
    locked, _ = _login(username, "wrong-password-1", address)
    assert locked.status_code == 429, locked.status_code
    page = locked.content.decode()
    assert "Too many failed logins" in page and "after 10 failed logins" in page and "15 minutes" in page
    assert "Traceback" not in page


def test_failed_admin_logins_lock_out_that_user_from_that_address_until_reset(curator_user, reader_user):  # noqa: F811
    _fail_until_locked("cura", ATTACKER)

    refused, client = _login("cura", CURATOR_PASSWORD, ATTACKER)
    assert refused.status_code == 429 and "_auth_user_id" not in client.session
    # A forged X-Forwarded-For is not another client: the address is the socket's.
    forged, client = _login("cura", CURATOR_PASSWORD, ATTACKER, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert forged.status_code == 429 and "_auth_user_id" not in client.session

    assert _logged_in(*_login("cura", CURATOR_PASSWORD, NEIGHBOUR))  # the same user elsewhere
    assert _logged_in(*_login("reader", READER_PASSWORD, ATTACKER))  # another user from there

    with open(os.devnull, "w") as quiet:
        call_command("axes_reset", stdout=quiet)
    assert _logged_in(*_login("cura", CURATOR_PASSWORD, ATTACKER))


def test_api_tokens_work_while_their_user_is_locked_out_of_the_admin(curator_user):  # noqa: F811
    _fail_until_locked("cura", ATTACKER)
    assert Client(REMOTE_ADDR=ATTACKER).get("/api/v1/jobs").status_code in (401, 403)  # needs the token
    response = token_client(curator_user).get("/api/v1/jobs", REMOTE_ADDR=ATTACKER)
    assert response.status_code == 200, response.content[:300]


def test_behind_a_trusted_proxy_the_client_is_the_address_the_proxy_wrote(curator_user, settings):  # noqa: F811
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = "10.0.0.2"
    real = {"HTTP_X_FORWARDED_FOR": f"192.0.2.1, {ATTACKER}"}  # a forged entry, then the proxy's
    for _ in range(settings.AXES_FAILURE_LIMIT):
        last, _ = _login("cura", "wrong-password-1", proxy, **real)
    assert last.status_code == 429
    # The attacker's new forged entries do not make a new client; someone else behind the proxy logs in.
    other_forgery = {"HTTP_X_FORWARDED_FOR": f"192.0.2.77, {ATTACKER}"}
    assert _login("cura", CURATOR_PASSWORD, proxy, **other_forgery)[0].status_code == 429
    assert _logged_in(*_login("cura", CURATOR_PASSWORD, proxy, HTTP_X_FORWARDED_FOR=NEIGHBOUR))
