"""Every address a person types in is a web address: an entity's website in
the admin, a takedown notice's target and evidence links. ``javascript:``,
``data:`` and ``ftp:`` are refused with a message on the field, in the forms
and in the models themselves (imports, scripts)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from articles.models import Entity
from takedowns.models import TakedownRequest
from tests.test_takedown_form import takedown_data

pytestmark = pytest.mark.django_db

NOT_WEB = ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "ftp://example.com/x"]
MESSAGE = "Enter a web address starting with http:// or https://."


@pytest.mark.parametrize("website", NOT_WEB)
def test_the_entity_form_refuses_a_website_that_is_not_a_web_address(
    superuser_client, form_data, website
):
    page = superuser_client.get("/admin/articles/entity/add/")
    data = form_data(page, name_zh_hans="深度求索", name_en="DeepSeek", website=website)

    response = superuser_client.post("/admin/articles/entity/add/", data)

    assert response.status_code == 200
    assert "website" in response.context["adminform"].form.errors
    assert not Entity.objects.filter(name_en="DeepSeek").exists()


def test_the_entity_form_keeps_an_https_website(superuser_client, form_data):
    page = superuser_client.get("/admin/articles/entity/add/")
    data = form_data(
        page, name_zh_hans="深度求索", name_en="DeepSeek", website="https://www.deepseek.com/"
    )

    assert superuser_client.post("/admin/articles/entity/add/", data).status_code == 302
    assert Entity.objects.get(name_en="DeepSeek").website == "https://www.deepseek.com/"


@pytest.mark.parametrize("website", NOT_WEB)
def test_the_entity_model_refuses_a_website_that_is_not_a_web_address(entity_factory, website):
    entity = entity_factory.build(website=website)

    with pytest.raises(ValidationError) as refused:
        entity.full_clean(exclude=["tag"])

    with translation.override("en"):
        assert refused.value.message_dict["website"] == [MESSAGE]


@pytest.mark.parametrize("link", NOT_WEB)
def test_the_takedown_form_refuses_evidence_that_is_not_a_web_address(
    client, article_factory, link
):
    article = article_factory(live=True)

    response = client.post("/en/takedown/", {**takedown_data(article), "evidence": link})

    assert response.status_code == 400
    assert "evidence" in response.context["form"].errors
    assert not TakedownRequest.objects.exists()


@pytest.mark.parametrize("target", ["javascript:alert(1)", "ftp://127.0.0.1:8000/en/"])
def test_the_takedown_form_refuses_a_target_that_is_not_a_web_address(
    client, article_factory, target
):
    article = article_factory(live=True)

    response = client.post("/en/takedown/", {**takedown_data(article), "target_url": target})

    assert response.status_code == 400
    assert response.context["form"].errors["target_url"] == [MESSAGE]


def test_the_takedown_model_refuses_links_that_are_not_web_addresses(article_factory):
    request = TakedownRequest(
        reference="TD-TEST-0001",
        target_url="javascript:alert(1)",
        requester_name="Li Hua",
        email="li.hua@example.com",
        relationship="rights-holder",
        kind="copyright",
        statement="The second chart copies our report.",
        evidence_links=["https://example.com/report", "javascript:alert(1)"],
    )

    with pytest.raises(ValidationError) as refused:
        request.full_clean()

    with translation.override("en"):
        assert refused.value.message_dict["target_url"] == [MESSAGE]
        assert refused.value.message_dict["evidence_links"] == [MESSAGE]
