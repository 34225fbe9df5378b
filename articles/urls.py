from django.urls import path

from articles import views
from articles.models import Article
from geo.cache import reader_page

app_name = "articles"


def cached(view):
    """Reader pages show lists of articles: none outlives the next scheduled publication."""
    return reader_page(view.as_view(), next_change=Article.objects.next_publication_at)


urlpatterns = [
    path("", cached(views.ArticleListView), name="list"),
    path("articles/<slug:slug>/", cached(views.ArticleDetailView), name="detail"),
    path("preview/articles/<int:pk>/", views.ArticlePreviewView.as_view(), name="preview"),
    path("tags/<slug:slug>/", cached(views.TagView), name="tag"),
    path("entities/<slug:slug>/", cached(views.EntityView), name="entity"),
]
