"""One retry policy for background work that talks to the outside world
(mail, search-engine pings): five tries, pauses of 1, 2, 4 and 8 minutes."""

from datetime import timedelta

ATTEMPTS = 5
FIRST_RETRY_DELAY = timedelta(minutes=1)


def retry_delay(attempt: int) -> timedelta:
    """The pause after failed try number ``attempt`` (1-based)."""
    return FIRST_RETRY_DELAY * 2 ** (attempt - 1)
