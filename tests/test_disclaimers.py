"""The disclaimers every article carries: made by migration, and the
AI-assisted notice only where an article is AI-assisted."""

import pytest

from articles.models import Disclaimer

pytestmark = pytest.mark.django_db


def test_default_disclaimers_exist_from_the_migration():
    defaults = {d.key: d for d in Disclaimer.objects.filter(applies_to_all=True, active=True)}

    assert {"copyright", "not-advice", "ai-assisted", "removal", "personal-data"} <= set(defaults)
    assert "/zh-hans/takedown/" in defaults["removal"].body_zh_hans
    assert "/en/takedown/" in defaults["removal"].body_en
    assert "身份证" in defaults["personal-data"].body_zh_hans
    assert "ID numbers" in defaults["personal-data"].body_en


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_ai_assisted_notice_shows_only_on_ai_assisted_articles(client, article_factory, language):
    ai = Disclaimer.objects.get(key="ai-assisted")
    title = ai.title_zh_hans if language == "zh-hans" else ai.title_en
    assisted = article_factory(live=True, ai_assisted=True)
    plain = article_factory(live=True, ai_assisted=False)

    assert title in client.get(f"/{language}/articles/{assisted.slug}/").text
    assert title not in client.get(f"/{language}/articles/{plain.slug}/").text
