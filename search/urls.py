from django.urls import path

from articles.models import Article
from geo.cache import reader_page
from search import views

app_name = "search"

urlpatterns = [
    # Results show articles: none outlives the next scheduled publication.
    path(
        "search/",
        reader_page(views.results, next_change=Article.objects.next_publication_at),
        name="results",
    ),
    path("opensearch.xml", reader_page(views.opensearch), name="opensearch"),
]
