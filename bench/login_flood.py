"""Readers while the admin login is guessed at: 4 clients × 8 wrong passwords
against one gunicorn process (4 threads), with and without the lockout
(django-axes), and a reader fetching a cached article all along.

    .venv/bin/python bench/login_flood.py

Each wrong password costs a PBKDF2 hash (about a CPU-third of a second);
with the lockout, only the first AXES_FAILURE_LIMIT from the address are
hashed and the rest are refused at once. Prints the reader's p50 / p95 / max
in ms with no flood, with the flood and the lockout, and with the flood and
no lockout."""

import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.processes import Browser, Site  # noqa: E402

SLUG = "generative-search-traffic"
CLIENTS, GUESSES = 4, 8
WINDOW = 15  # seconds of reading, from the start of the flood


def reader_latencies(url: str, stop: threading.Event, out: list):
    while not stop.is_set():
        started = time.perf_counter()
        urllib.request.urlopen(url, timeout=60).read()
        out.append((time.perf_counter() - started) * 1000)
        time.sleep(0.02)


def guesser(base: str):
    browser = Browser()
    for _ in range(GUESSES):
        browser.post(f"{base}/admin/login/", {"username": "admin", "password": "wrong guess"})


def run(axes: bool, flood: bool) -> list[float]:
    directory = Path(tempfile.mkdtemp(prefix="geo-bench-login-"))
    site = Site(directory, {"AXES_ENABLED": str(axes).lower()})
    try:
        site.manage("migrate", "--noinput")
        site.manage("import_articles", str(ROOT / "articles" / "demo" / f"{SLUG}.md"))
        site.manage(
            "createsuperuser", "--noinput", "--username=admin", "--email=a@example.com",
            env={"DJANGO_SUPERUSER_PASSWORD": "a long demo password"},
        )  # fmt: skip
        base = site.serve()
        article = f"{base}/en/articles/{SLUG}/"
        urllib.request.urlopen(article).read()  # cached from now on
        latencies, stop = [], threading.Event()
        reader = threading.Thread(target=reader_latencies, args=(article, stop, latencies))
        reader.start()
        started = time.monotonic()
        flood_seconds = 0.0
        if flood:
            guessers = [threading.Thread(target=guesser, args=(base,)) for _ in range(CLIENTS)]
            for thread in guessers:
                thread.start()
            for thread in guessers:
                thread.join()
            flood_seconds = time.monotonic() - started
        # The same window in every case, so the figures compare.
        time.sleep(max(0.0, WINDOW - (time.monotonic() - started)))
        stop.set()
        reader.join()
        return latencies, flood_seconds
    finally:
        site.stop()
        shutil.rmtree(directory, ignore_errors=True)


def main():
    print(f"reader of a cached article while {CLIENTS} clients × {GUESSES} wrong passwords")
    print(f"(one gunicorn process, 4 threads; the reader reads for {WINDOW} s)")
    print("| case | flood took s | reads | p50 ms | p95 ms | max ms | reads over 1 s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, axes, flood in [
        ("no flood", True, False),
        ("flood, lockout on", True, True),
        ("flood, lockout off", False, True),
    ]:
        ms, flood_seconds = run(axes, flood)
        ms.sort()
        p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
        slow = sum(1 for value in ms if value > 1000)
        print(
            f"| {label} | {flood_seconds:.1f} | {len(ms)} | {statistics.median(ms):.0f} "
            f"| {p95:.0f} | {ms[-1]:.0f} | {slow} |"
        )


if __name__ == "__main__":
    main()
