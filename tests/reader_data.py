"""A complete article, as readers see it, for the reader-page tests.

Built from the shared factories (tests/factories.py); texts are module
constants so tests can look for them on the page."""

import io
from datetime import UTC, datetime

from django.core.files.base import ContentFile
from PIL import Image

from articles.models import Entity, Tag
from articles.services import article_sync_entity_tags
from tests import factories

# Whole seconds: HTML's <time datetime> allows at most three fraction digits.
# Past dates on purpose: the article is live under today's clock and any later
# one (the suite also runs a year ahead); tests that need "before publication"
# freeze the clock themselves before creating anything.
PUBLISHED = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
UPDATED = datetime(2026, 3, 9, 4, 15, tzinfo=UTC)

TITLE_ZH = "答案引擎如何改变行业分析"
TITLE_EN = "How answer engines change industry analysis"
SUMMARY_ZH = "答案引擎直接引用文章摘要，编辑部因此把结论放在最前面。本文给出三条做法。"
SUMMARY_EN = (
    "Answer engines quote an article's summary directly, so the newsroom puts the "
    "conclusion first. This article gives three practices."
)
INSIGHT_ZH = "- 结论先行的摘要更容易被引用\n- 实体表让机器读懂关系"
INSIGHT_EN = (
    "- A conclusion-first summary is quoted more often\n- Entity tables let machines read relations"
)
BODY_ZH = (
    "## 背景\n\n答案引擎改变了读者找到文章的方式。\n\n"
    "## 做法\n\n编辑部为每篇文章写一段摘要。\n\n每个实体都链接到它的页面。\n"
)
BODY_EN = (
    "## Background\n\nAnswer engines changed how readers find articles.\n\n"
    "## Practice\n\nThe newsroom writes a summary for every article.\n\n"
    "Every entity links to its own page.\n"
)
NOTE_ZH = "编辑认为，摘要质量决定了引用质量。"
NOTE_EN = "The editors think summary quality decides citation quality."
CAPTION_ZH = "主要厂商"
CAPTION_EN = "Main vendors"
FAQ_QUESTION_ZH = "什么是答案引擎？"
FAQ_QUESTION_EN = "What is an answer engine?"
FAQ_ANSWER_ZH = "直接给出答案而不是链接列表的搜索产品。"
FAQ_ANSWER_EN = "A search product that answers instead of listing links."
COVER_ALT_ZH = "封面图：答案引擎示意"
COVER_ALT_EN = "Cover: an answer engine sketch"


def png_bytes(width: int = 120, height: int = 68) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (11, 92, 171)).save(buffer, format="PNG")
    return buffer.getvalue()


def cover_fields(name: str = "cover.png") -> dict:
    """Factory keyword arguments for a cover image and its alt texts."""
    return {
        "cover": ContentFile(png_bytes(), name=name),
        "cover_alt_zh_hans": COVER_ALT_ZH,
        "cover_alt_en": COVER_ALT_EN,
    }


def full_article(*, slug="answer-engines", cover=False, ai_assisted=False, **fields):
    """A live bilingual article with every block of the page filled in: tags,
    key insights, two body sections, an entity table, editor's note, FAQ.
    Its tag and entities are shared with earlier calls (and ``entity_factory``
    entities of the same slug)."""
    values = {
        "slug": slug,
        "title_zh_hans": TITLE_ZH,
        "title_en": TITLE_EN,
        "summary_zh_hans": SUMMARY_ZH,
        "summary_en": SUMMARY_EN,
        "insight_zh_hans": INSIGHT_ZH,
        "insight_en": INSIGHT_EN,
        "body_zh_hans": BODY_ZH,
        "body_en": BODY_EN,
        "editor_note_zh_hans": NOTE_ZH,
        "editor_note_en": NOTE_EN,
        "published_at": PUBLISHED,
        "updated_at": UPDATED,
        "ai_assisted": ai_assisted,
        **(cover_fields() if cover else {}),
        **fields,
    }
    article = factories.ArticleFactory(live=True, **values)
    search = Tag.objects.filter(slug="search").first() or factories.TagFactory(
        slug="search", name_zh_hans="搜索", name_en="Search"
    )
    article.tags.add(search)
    table = factories.EntityTableFactory(
        article=article, caption_zh_hans=CAPTION_ZH, caption_en=CAPTION_EN
    )
    for order, (slug_, zh, en) in enumerate(
        [("deepseek", "深度求索", "DeepSeek"), ("moonshot", "月之暗面", "Moonshot AI")]
    ):
        factories.EntityRowFactory(
            table=table,
            order=order,
            entity=Entity.objects.filter(slug=slug_).first()
            or factories.EntityFactory(slug=slug_, name_zh_hans=zh, name_en=en),
            note_zh_hans="发布开放权重模型",
            note_en="Released open-weight models",
        )
    article_sync_entity_tags(article=article)
    factories.FaqItemFactory(
        article=article,
        key="what-is-an-answer-engine",
        question_zh_hans=FAQ_QUESTION_ZH,
        question_en=FAQ_QUESTION_EN,
        answer_zh_hans=FAQ_ANSWER_ZH,
        answer_en=FAQ_ANSWER_EN,
    )
    return article
