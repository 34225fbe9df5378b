"""Article surfaces outside the language prefix (the root urlconf includes
this module, so geo imports no app)."""

from django.urls import path

from articles import machine_views
from articles.urls import cached

urlpatterns = [
    path("llms.txt", cached(machine_views.llms_txt), name="llms-txt"),
    # Streamed, so not in the page cache (a CDN may keep it BROWSER_CACHE_SECONDS).
    path("llms-full.txt", machine_views.llms_full_txt, name="llms-full-txt"),
]
