"""Request throttles: rates from settings at request time, counts in the shared cache."""

import logging
import math
from dataclasses import dataclass

from rest_framework import throttling
from rest_framework.settings import api_settings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RateLimit:
    limit: int
    remaining: int
    reset: int  # seconds
    window: int  # seconds

    def headers(self) -> dict[str, str]:
        """The IETF draft's fields (draft-ietf-httpapi-ratelimit-headers), in their separate-header form."""
        return {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset),
            "RateLimit-Policy": f"{self.limit};w={self.window}",
        }


class _SettingsRate:
    """Rates read per request (not at import), so settings overrides apply; a blank rate is off.

    Counts live in Django's cache: set CACHE_URL to a Redis shared by the web processes, or each
    process counts on its own. When the cache is down the request goes through: a throttle must
    not turn an outage of its counter into an outage of the API.
    """

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope) or None

    def get_ident(self, request) -> str:
        """The socket's address, or with NUM_PROXIES = n the address the nearest of n proxies saw.

        DRF reads the whole X-Forwarded-For when NUM_PROXIES is None: a client could then pick its own
        identity (each new header value a fresh count). Here None means what 0 means: no proxy trusted.
        """
        if api_settings.NUM_PROXIES is None:
            return request.META.get("REMOTE_ADDR", "")
        return super().get_ident(request)

    def allow_request(self, request, view) -> bool:
        try:
            allowed = super().allow_request(request, view)
        except Exception as exc:  # noqa: BLE001 - any cache backend failure
            logger.warning("Throttle cache unavailable, not throttling: %s", exc)
            return True
        if self.rate is not None and self.key is not None:
            # Only the throttle that counted this request says so (an anonymous one skips signed-in users).
            request._request.rate_limit = self.rate_limit(allowed)
        return allowed

    def rate_limit(self, allowed: bool) -> RateLimit:
        """What the RateLimit headers say after this request: the limit, what is left of it, and the
        seconds until the oldest counted request leaves the window (when one more is allowed)."""
        if not allowed:
            return RateLimit(self.num_requests, 0, max(math.ceil(self.wait() or 0), 1), self.duration)
        oldest = self.history[-1] if self.history else self.now
        reset = max(math.ceil(oldest + self.duration - self.now), 0)
        return RateLimit(self.num_requests, max(self.num_requests - len(self.history), 0), reset, self.duration)


class AnonThrottle(_SettingsRate, throttling.AnonRateThrottle):
    scope = "anon"


class UserThrottle(_SettingsRate, throttling.UserRateThrottle):
    """Signed-in users only: DRF's version also counts anonymous clients by address, which AnonThrottle
    already does (two more cache round trips on every anonymous request, and a second limit)."""

    scope = "user"

    def get_cache_key(self, request, view) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)
