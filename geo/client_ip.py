"""The client's address, as far as it can be trusted.

``REMOTE_ADDR`` unless settings.TRUSTED_PROXIES says N proxies in front of us
each append to ``X-Forwarded-For``: then the address N entries from the end
is the one our own first proxy saw. Entries further left are whatever the
client sent, so a forged header cannot change the answer."""

from django.conf import settings


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]


def ratelimit_key(group, request) -> str:
    """django-ratelimit key: one counter per client address."""
    return client_ip(request)
