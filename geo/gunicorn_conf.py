"""gunicorn settings used by ``make demo`` and in production
(``gunicorn -c geo/gunicorn_conf.py``); command-line flags override them.

Django sets the process time zone (TZ) to TIME_ZONE when its settings load,
which happens in the workers only: without this, gunicorn's own lines would
be in the machine's zone and the access lines in the site's."""

import os
import time
from pathlib import Path

import environ

# The same .env the settings read (it may set LOG_FORMAT, WEB_CONCURRENCY…).
environ.Env.read_env(Path(__file__).resolve().parent.parent / ".env")
env = environ.Env()

os.environ["TZ"] = os.environ.get("DJANGO_TIME_ZONE", "Asia/Shanghai")
time.tzset()

wsgi_app = "geo.wsgi"
# One worker per CPU: with threads each, that keeps every core busy.
workers = env.int("WEB_CONCURRENCY", default=os.cpu_count() or 2)
# Threads: a worker answers other requests while one waits on the database,
# and a long stream (/llms-full.txt of a large site) is not killed by
# ``timeout``, which in a threaded worker watches the worker, not a request.
worker_class = "gthread"
threads = env.int("GUNICORN_THREADS", default=4)
# A worker that stops answering its master is restarted after this long.
timeout = 30
graceful_timeout = 20
keepalive = 5
# gunicorn's control socket has one path per user by default
# (~/.gunicorn/gunicorn.ctl): several servers on one machine would fight over it.
control_socket_disable = True

# Logs go to stdout. In production (LOG_FORMAT=json, the default unless
# DJANGO_DEBUG or GEO_TESTING) every line is a JSON object: gunicorn's own
# lines through the same formatter as Django's, and the access line is
# Django's (geo/request_log.py: request id, method, path, status, duration),
# so gunicorn writes none. LOG_FORMAT=text keeps gunicorn's text access log.
_DEVELOPMENT = env.bool("DJANGO_DEBUG", default=False) or env.bool("GEO_TESTING", default=False)
LOG_FORMAT = env("LOG_FORMAT", default="text" if _DEVELOPMENT else "json")
errorlog = "-"
if LOG_FORMAT == "json":
    accesslog = None
    _json_stdout = {
        "class": "logging.StreamHandler",
        "formatter": "json",
        "stream": "ext://sys.stdout",
    }
    # gunicorn merges this over its defaults, whose loggers name these handlers.
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "geo.log_format.JsonFormatter"}},
        "handlers": {"console": _json_stdout, "error_console": _json_stdout},
        "root": {"level": "INFO", "handlers": ["console"]},
        "loggers": {
            "gunicorn.error": {"handlers": ["error_console"], "level": "INFO", "propagate": False},
        },
    }
else:
    accesslog = "-"
    # No client address, no query string (it may hold an e-mail address).
    access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms %({x-request-id}o)s'
