from django.urls import path

from faq import views
from geo.cache import reader_page

app_name = "faq"

urlpatterns = [
    path("", reader_page(views.SiteFaqView.as_view()), name="site"),
]
