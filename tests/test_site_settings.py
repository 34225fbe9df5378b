import pytest

from geo.models import SiteSettings

pytestmark = pytest.mark.django_db

CHANGE = "/admin/geo/sitesettings/1/change/"


def test_settings_row_is_made_with_defaults_on_first_use():
    settings = SiteSettings.load()

    assert SiteSettings.objects.count() == 1
    assert settings.ai_crawler_policy == SiteSettings.CrawlerPolicy.SEARCH_ONLY


def test_there_is_only_ever_one_settings_row():
    SiteSettings.load()

    SiteSettings(contact_email="second@example.com").save()

    assert SiteSettings.objects.count() == 1
    assert SiteSettings.objects.get().contact_email == "second@example.com"


def test_settings_list_opens_the_one_row(superuser_client):
    response = superuser_client.get("/admin/geo/sitesettings/")

    assert response.status_code == 302
    assert response["Location"] == CHANGE


def test_settings_cannot_be_added_or_deleted(superuser_client):
    SiteSettings.load()

    assert superuser_client.get("/admin/geo/sitesettings/add/").status_code == 403
    assert superuser_client.get("/admin/geo/sitesettings/1/delete/").status_code == 403


def test_settings_saved_in_the_admin_are_used_at_once(
    superuser_client, form_data, django_capture_on_commit_callbacks
):
    assert SiteSettings.load().contact_email == ""  # now cached

    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(
            CHANGE,
            form_data(
                superuser_client.get(CHANGE),
                contact_email="editors@example.com",
                ai_crawler_policy="deny-ai",
            ),
        )

    assert response.status_code == 302
    settings = SiteSettings.load()
    assert settings.contact_email == "editors@example.com"
    assert settings.ai_crawler_policy == SiteSettings.CrawlerPolicy.DENY_AI
