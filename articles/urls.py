from django.urls import path

from articles import takedown_views, views
from geo.cache import reader_page

app_name = "articles"

urlpatterns = [
    path("", reader_page(views.ArticleListView.as_view()), name="list"),
    path("articles/<slug:slug>/", reader_page(views.ArticleDetailView.as_view()), name="detail"),
    path("preview/articles/<int:pk>/", views.ArticlePreviewView.as_view(), name="preview"),
    path("tags/<slug:slug>/", reader_page(views.TagView.as_view()), name="tag"),
    path("entities/<slug:slug>/", reader_page(views.EntityView.as_view()), name="entity"),
]

urlpatterns += [
    path("takedown/", takedown_views.takedown_form, name="takedown"),
    path("takedown/sent/", takedown_views.takedown_sent, name="takedown-sent"),
    path("takedown/status/", takedown_views.takedown_status, name="takedown-status"),
]
