from modeltranslation.translator import TranslationOptions, register

from articles.models import (
    Article,
    ArticleUpdate,
    Disclaimer,
    Entity,
    EntityRow,
    EntityTable,
    Tag,
)


@register(Article)
class ArticleTranslation(TranslationOptions):
    fields = Article.TRANSLATED_FIELDS
    required_languages = {"zh-hans": ("title", "summary", "body")}


@register(Tag)
class TagTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("zh-hans",)


@register(Entity)
class EntityTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"zh-hans": ("name",)}


@register(EntityTable)
class EntityTableTranslation(TranslationOptions):
    fields = ("caption", "entity_label", "role_label", "note_label")


@register(EntityRow)
class EntityRowTranslation(TranslationOptions):
    fields = ("role", "note")


@register(Disclaimer)
class DisclaimerTranslation(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("zh-hans", "en")


@register(ArticleUpdate)
class ArticleUpdateTranslation(TranslationOptions):
    fields = ("note",)
    required_languages = {"zh-hans": ("note",)}
