from django.urls import path

from articles import machine_views, views
from articles.models import Article
from geo.cache import reader_page

app_name = "articles"


def cached_function(view):
    """Reader pages show lists of articles: none outlives the next scheduled publication."""
    return reader_page(view, next_change=Article.objects.next_publication_at)


def cached(view_class):
    return cached_function(view_class.as_view())


urlpatterns = [
    path("", cached(views.ArticleListView), name="list"),
    path("articles/<slug:slug>/", cached(views.ArticleDetailView), name="detail"),
    path("articles/<slug:slug>.md", cached_function(machine_views.article_twin), name="twin"),
    # The llms.txt proposal's spelling of a page's Markdown version.
    path("articles/<slug:slug>/index.html.md", cached_function(machine_views.article_twin)),
    path("preview/articles/<int:pk>/", views.ArticlePreviewView.as_view(), name="preview"),
    path("tags/<slug:slug>/", cached(views.TagView), name="tag"),
    path("entities/<slug:slug>/", cached(views.EntityView), name="entity"),
]
