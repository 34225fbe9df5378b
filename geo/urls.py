from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from geo import views
from geo.cache import reader_page
from geo.sitemaps import Sections

# The apps' sitemap sections, by dotted path (geo imports no app): each is
# served per language at /sitemap-<section>-<lang>.xml, all listed by /sitemap.xml.
SITEMAPS = Sections(
    {
        "articles": "articles.sitemaps.ArticleSitemap",
        "tags": "articles.sitemaps.TagSitemap",
        "entities": "articles.sitemaps.EntitySitemap",
        "faq": "faq.sitemaps.FaqSitemap",
    }
)

# Uncaught errors: a database outage answers the static 503, the rest 500.
handler500 = "geo.faults.server_error"

urlpatterns = [
    path("", views.language_redirect, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", reader_page(views.robots_txt), name="robots-txt"),
    # Withdrawn articles' addresses (articles/gone.py; geo imports no app).
    path("sitemap-gone.xml", include("articles.gone")),
    path("admin/", admin.site.urls),
    path("", include("articles.root_urls")),
    *SITEMAPS.urlpatterns(),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", views.media),
    ]

urlpatterns += i18n_patterns(
    path("", include("articles.urls")),
    path("faq/", include("faq.urls")),
    path("takedown/", include("takedowns.urls")),
    path("", include("search.urls")),
)

# Last, so that every named root file (robots.txt, llms.txt…) wins: the
# IndexNow key file, /<key>.txt (a key is 8–128 letters, digits or "-").
urlpatterns += [
    re_path(r"^(?P<key>[A-Za-z0-9-]{8,128})\.txt$", views.indexnow_key, name="indexnow-key"),
]
