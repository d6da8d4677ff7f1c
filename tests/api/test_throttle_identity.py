"""Who a client is for the anonymous rate: the socket's address, not a header the client writes."""

from tests.api.conftest import error_of


def _rate(settings, anon: str, **extra) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": anon, "user": "1000/minute"},
        **extra,
    }


def test_a_new_x_forwarded_for_does_not_reset_the_anonymous_count(api, settings):
    _rate(settings, "3/minute")
    statuses = [
        api.get("/api/v1/models", {"limit": 1}, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_the_default_trusts_no_proxy(api, settings):
    """Even with DRF's own default (None, "read the whole header"), the header is not the identity."""
    _rate(settings, "2/minute", NUM_PROXIES=None)
    statuses = [
        api.get("/api/v1/models", {"limit": 1}, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(3)
    ]
    assert statuses == [200, 200, 429]
    assert error_of(api.get("/api/v1/models"))["code"] == "throttled"


def test_behind_one_trusted_proxy_the_address_it_saw_is_the_client(api, settings):
    """NUM_PROXIES=1: the last X-Forwarded-For entry (what our proxy appended) names the client; what
    a client writes before it changes nothing."""
    _rate(settings, "2/minute", NUM_PROXIES=1)
    first = [
        api.get("/api/v1/models", {"limit": 1}, HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 192.0.2.1").status_code
        for n in range(3)
    ]
    assert first == [200, 200, 429]
    # Another client behind the same proxy has its own count.
    other = api.get("/api/v1/models", {"limit": 1}, HTTP_X_FORWARDED_FOR="192.0.2.2")
    assert other.status_code == 200
