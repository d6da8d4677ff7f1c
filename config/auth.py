"""The admin login rate limit (django-axes): its authentication backend, and who the client is."""

from axes.backends import AxesStandaloneBackend
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle


class LoginRateLimitBackend(AxesStandaloneBackend):
    """Refuses a locked-out username and address before any password is checked (a 429 page, from
    AxesMiddleware). authenticate() called without a request is no web login (Django's test client's
    login(), a management command): nothing to count it against, so it goes on to the next backend,
    where axes' own backend would raise."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_address(request) -> str:
    """AXES_CLIENT_IP_CALLABLE: the client as the API's throttle sees it. The socket's address; with
    REST_FRAMEWORK["NUM_PROXIES"] = n (proxies in front that append to X-Forwarded-For), DRF's rule:
    the n-th address from the header's right, which the nearest proxy wrote, never one a client sent."""
    if not api_settings.NUM_PROXIES:
        return request.META.get("REMOTE_ADDR", "")
    return BaseThrottle().get_ident(request)
