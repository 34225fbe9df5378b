from django.urls import path

from articles.upcoming import next_publication_at
from geo.cache import reader_page
from search import views

app_name = "search"

urlpatterns = [
    # Results show articles: none outlives the next scheduled publication.
    path(
        "search/",
        reader_page(views.results, next_change=next_publication_at),
        name="results",
    ),
    path("opensearch.xml", reader_page(views.opensearch), name="opensearch"),
]
