"""The portal's per-client rate limits live in ``gongkai.agencies.ratelimit``
(the login throttle needs them too, and agencies is the lowest app)."""

from gongkai.agencies.ratelimit import MESSAGE, allow, client_ip, hit, rate

__all__ = ["MESSAGE", "allow", "client_ip", "hit", "rate"]
