"""Logging helpers referenced from settings.LOGGING."""

import logging


class OneLine(logging.Filter):
    """Keep the message, drop the traceback (for expected, noisy errors)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True
