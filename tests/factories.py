"""factory_boy factories; tests reach them through the fixtures in conftest.py.

Translated fields are written with their language suffix (``title_zh_hans``,
``title_en``), as the code does."""

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import (
    Article,
    Disclaimer,
    Entity,
    EntityRow,
    EntityTable,
    Tag,
)
from faq.models import FaqItem
from takedowns import services
from takedowns.models import TakedownRequest


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    is_staff = True
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        """``UserFactory(groups=["Editors"])``: the groups come from a data migration."""
        if create and names:
            self.groups.add(*Group.objects.filter(name__in=names))


class ArticleFactory(factory.django.DjangoModelFactory):
    """A bilingual draft; traits make it live, scheduled, withdrawn or Chinese-only."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title_zh_hans = factory.Sequence(lambda n: f"生成式搜索观察第{n}期")
    title_en = factory.Sequence(lambda n: f"Generative search watch, issue {n}")
    summary_zh_hans = "答案引擎正在改变读者找到分析文章的方式。本文说明编辑部的应对办法。"
    summary_en = (
        "Answer engines are changing how readers find analysis. "
        "This article explains how the newsroom responds."
    )
    body_zh_hans = "## 背景\n\n答案引擎直接引用文章的摘要。"
    body_en = "## Background\n\nAnswer engines quote an article's summary directly."
    status = Article.Status.DRAFT

    class Params:
        live = factory.Trait(
            status=Article.Status.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
        )
        scheduled = factory.Trait(
            status=Article.Status.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1)),
        )
        withdrawn = factory.Trait(
            status=Article.Status.WITHDRAWN,
            published_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=10)),
        )
        chinese_only = factory.Trait(title_en="", summary_en="", body_en="")


# Factory keyword arguments for each state in which readers must not see an article.
UNPUBLISHED = {
    "draft": {},
    "review": {"status": Article.Status.REVIEW},
    "scheduled": {"scheduled": True},
    "withdrawn": {"withdrawn": True},
}


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name_zh_hans = factory.Sequence(lambda n: f"标签{n}")
    name_en = factory.Sequence(lambda n: f"Tag {n}")


class EntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entity

    name_zh_hans = factory.Sequence(lambda n: f"实体公司{n}")
    name_en = factory.Sequence(lambda n: f"Entity Company {n}")
    kind = Entity.Kind.ORGANISATION


class EntityTableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EntityTable

    article = factory.SubFactory(ArticleFactory)
    caption_zh_hans = "主要厂商"
    caption_en = "Main vendors"


class EntityRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EntityRow

    table = factory.SubFactory(EntityTableFactory)
    entity = factory.SubFactory(EntityFactory)
    role_zh_hans = "模型厂商"
    role_en = "Model vendor"


class FaqItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FaqItem

    article = factory.SubFactory(ArticleFactory)
    question_zh_hans = factory.Sequence(lambda n: f"第{n}个问题是什么？")
    question_en = factory.Sequence(lambda n: f"What is question {n}?")
    answer_zh_hans = "简短的回答。"
    answer_en = "A short answer."


class DisclaimerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Disclaimer

    key = factory.Sequence(lambda n: f"extra-{n}")
    title_zh_hans = factory.Sequence(lambda n: f"附加声明{n}")
    title_en = factory.Sequence(lambda n: f"Extra notice {n}")
    body_zh_hans = "附加声明正文。"
    body_en = "Extra notice text."


def create_takedown_request(
    article,
    *,
    language="en",
    email="li.hua@example.com",
    kind=TakedownRequest.Kind.COPYRIGHT,
    relationship=TakedownRequest.Relationship.RIGHTS_HOLDER,
    **fields,
) -> TakedownRequest:
    """A stored takedown request, made the way the public form makes it."""
    values = {
        "article": article,
        "target_url": f"http://127.0.0.1:8000/{language}/articles/{article.slug}/",
        "requester_name": "Li Hua",
        "organisation": "",
        "email": email,
        "relationship": relationship,
        "kind": kind,
        "statement": "The second chart copies our 2025 market report without permission.",
        "evidence_links": [],
        "good_faith": True,
        **fields,
    }
    return services.takedown_request_create(language=language, **values)
