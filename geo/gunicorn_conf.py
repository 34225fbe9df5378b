"""gunicorn settings used by ``make demo`` and in production
(``gunicorn -c geo/gunicorn_conf.py geo.wsgi``); command-line flags override them.

Django sets the process time zone (TZ) to TIME_ZONE when its settings load,
which happens in the workers only: without this, gunicorn's own lines would
be in the machine's zone and the access lines in the site's."""

import os
import time

os.environ["TZ"] = os.environ.get("DJANGO_TIME_ZONE", "Asia/Shanghai")
time.tzset()

wsgi_app = "geo.wsgi"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Threads: a worker answers other requests while one waits on the database,
# and a long stream (/llms-full.txt of a large site) is not killed by
# ``timeout``, which in a threaded worker watches the worker, not a request.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
accesslog = "-"
# A worker that stops answering its master is restarted after this long.
timeout = 30
graceful_timeout = 20
# gunicorn's control socket has one path per user by default
# (~/.gunicorn/gunicorn.ctl): several servers on one machine would fight over it.
control_socket_disable = True
