"""Loaded by pytest before Django starts (``-p tests.environment`` in
pyproject.toml): the test run declares itself, so settings accept the
development secret key without guessing whether tests are running."""

import os

os.environ["GEO_TESTING"] = "true"
# Reader pages are cached; tests of caching turn it on explicitly.
os.environ.setdefault("PAGE_CACHE_SECONDS", "0")
