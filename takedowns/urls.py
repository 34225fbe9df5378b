from django.urls import path

from takedowns import views

app_name = "takedowns"

urlpatterns = [
    path("", views.takedown_form, name="form"),
    path("sent/", views.takedown_sent, name="sent"),
    path("status/", views.takedown_status, name="status"),
]
