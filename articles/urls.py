from django.urls import path

from articles import feeds, machine_views, views
from articles.upcoming import next_publication_at
from geo.cache import reader_page

app_name = "articles"


def cached(view):
    """Reader pages, twins and feeds show articles: none outlives the next
    scheduled publication. ``view``: a view class, or a function or feed."""
    if isinstance(view, type):
        view = view.as_view()
    return reader_page(view, next_change=next_publication_at)


urlpatterns = [
    path("", cached(views.ArticleListView), name="list"),
    path("articles/<slug:slug>/", cached(views.ArticleDetailView), name="detail"),
    path("articles/<slug:slug>.md", cached(machine_views.article_twin), name="twin"),
    # The llms.txt proposal's spelling of a page's Markdown version.
    path("articles/<slug:slug>/index.html.md", cached(machine_views.article_twin)),
    path("preview/articles/<int:pk>/", views.ArticlePreviewView.as_view(), name="preview"),
    path("archive/", cached(views.ArchiveView), name="archive"),
    path("archive/<int:year>/<int:month>/", cached(views.MonthArchiveView), name="archive-month"),
    path("tags/<slug:slug>/", cached(views.TagView), name="tag"),
    path("entities/<slug:slug>/", cached(views.EntityView), name="entity"),
    path("feed.xml", cached(feeds.ArticleFeed()), name="feed"),
    path("atom.xml", cached(feeds.AtomArticleFeed()), name="atom"),
    path("tags/<slug:slug>/feed.xml", cached(feeds.TagFeed()), name="tag-feed"),
    path("entities/<slug:slug>/feed.xml", cached(feeds.EntityFeed()), name="entity-feed"),
]
