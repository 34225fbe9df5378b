"""JSON log lines for production (``LOG_FORMAT=json``): one object a line on
stdout, which any log collector parses without a pattern.

Imports nothing from Django: gunicorn's configuration (geo/gunicorn_conf.py)
uses it before Django is loaded."""

import contextvars
import json
import logging
from datetime import UTC, datetime

# The id of the request being served in this thread (geo/request_log.py), so
# every line logged while serving it carries it.
current_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "current_request_id", default=None
)

# Fields a record may carry (``logger.info(..., extra={...})``) that go in the line.
EXTRA_FIELDS = ("request_id", "method", "path", "status", "duration_ms", "cache")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = current_request_id.get()
        if request_id:
            line["request_id"] = request_id
        for name in EXTRA_FIELDS:
            if hasattr(record, name):
                line[name] = getattr(record, name)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)
