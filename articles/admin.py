import taggit.models
from django.conf import settings
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationAdmin,
    TranslationTabularInline,
)
from modeltranslation.utils import build_localized_fieldname
from nested_admin import NestedModelAdminMixin, NestedTabularInlineMixin
from simple_history.admin import SimpleHistoryAdmin

from articles import freshness, services
from articles.admin_layout import ArticleDeskMixin
from articles.entity_table_admin import (
    BackToArticleAdmin,
    EntityFormAdmin,
    EntityRowInline,
    EntityTableInline,
)
from articles.forms import ArticleAdminForm
from articles.models import (
    Article,
    ArticleUpdate,
    Disclaimer,
    Entity,
    EntityTable,
    Tag,
)
from articles.preview_admin import ArticlePreviewMixin
from articles.publishing import LOCAL_DATETIME, PublicationFilter
from articles.readiness_admin import ReadinessAdminMixin
from articles.revisions_admin import RevisionsAdminMixin
from geo.admin_mixins import ReaderContentAdmin
from geo.changes import content_changed
from geo.text import fits_whole_sentences


class EnglishCompletenessFilter(admin.SimpleListFilter):
    title = _("English translation")
    parameter_name = "english"

    def lookups(self, request, model_admin):
        return [("complete", _("Readable in English")), ("missing", _("Not readable in English"))]

    def queryset(self, request, queryset):
        if self.value() == "complete":
            return queryset.readable_in("en")
        if self.value() == "missing":
            return queryset.exclude(pk__in=Article.objects.readable_in("en").values("pk"))
        return queryset


class ArticleUpdateInline(NestedTabularInlineMixin, TranslationTabularInline):
    model = ArticleUpdate
    fields = ["at", "kind", "note"]
    # The browser's own picker: no calendar script on the article page.
    formfield_overrides = {models.DateTimeField: LOCAL_DATETIME}
    extra = 0
    verbose_name = _("change log line")
    verbose_name_plural = _("public change log (shown under the title)")


@admin.register(Article)
class ArticleAdmin(
    ArticleDeskMixin,
    ArticlePreviewMixin,
    ReadinessAdminMixin,
    RevisionsAdminMixin,
    ReaderContentAdmin,
    NestedModelAdminMixin,
    SimpleHistoryAdmin,
    TranslationAdmin,
):
    form = ArticleAdminForm
    list_display = [
        "title",
        "publication",
        "published_at",
        "updated_at",
        "english_missing",
        "translation_stale",
    ]
    list_filter = [
        PublicationFilter,
        EnglishCompletenessFilter,
        "ai_assisted",
        ("tags", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title_zh_hans", "title_en", "summary_zh_hans", "summary_en", "slug"]
    date_hierarchy = "published_at"
    readonly_fields = ["updated_at", "created_at"]
    # faq/admin.py adds the FAQ inline (faq depends on articles, not the reverse).
    inlines = [EntityTableInline, ArticleUpdateInline]
    actions = ["publish", "unpublish", "withdraw"]
    save_on_top = True
    # In the order of the page (DESIGN.md); each translated field a 中文 | English
    # pair; ArticleDeskMixin puts the entity tables, FAQ and change log inlines
    # after the fieldsets of body, editor's commentary and correction.
    fieldsets = [
        (_("Title and tags"), {"fields": [("title_zh_hans", "title_en"), "slug", "tag_names"]}),
        (_("AI summary (BLUF)"), {"fields": [("summary_zh_hans", "summary_en")]}),
        (_("Key insights"), {"fields": [("insight_zh_hans", "insight_en")]}),
        (_("Body"), {"fields": [("body_zh_hans", "body_en")]}),
        (_("Editor's commentary"), {"fields": [("editor_note_zh_hans", "editor_note_en")]}),
        (
            _("Publishing"),
            {
                "fields": [
                    "publishing",
                    "publish_at",
                    ("author_zh_hans", "author_en"),
                    "ai_assisted",
                    "updated_at",
                    "created_at",
                ]
            },
        ),
        (
            _("Correction"),
            {
                "fields": [("correction_note_zh_hans", "correction_note_en"), "corrected_at"],
                "classes": ["collapse"],
            },
        ),
        (_("Cover"), {"fields": ["cover", ("cover_alt_zh_hans", "cover_alt_en")]}),
        (
            _("Search and disclaimers"),
            {"fields": [("seo_description_zh_hans", "seo_description_en"), "disclaimers"]},
        ),
        (_("Translation"), {"fields": ["dismiss_stale", "loaded_version", "pending_cover"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields += ["status", "published_at"]
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not freshness.stale_fields(obj):
            # Nothing to dismiss: keep only the hidden version field.
            hidden = ["loaded_version", "pending_cover"]
            return [*fieldsets[:-1], (None, {"fields": hidden, "classes": ["hidden"]})]
        return fieldsets

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    @admin.display(description=_("missing in English"))
    def english_missing(self, article):
        missing = article.missing_fields("en")
        if not missing:
            return "✓"
        return ", ".join(str(Article._meta.get_field(f).verbose_name) for f in missing)

    @admin.display(description=_("translation out of date"))
    def translation_stale(self, article):
        return (
            ", ".join(f"{item.field} ({item.language})" for item in freshness.stale_fields(article))
            or "—"
        )

    def content_changed(self, article):
        services.article_changed(article=article)

    def view_on_site(self, article):
        if article.is_live:
            return article.get_absolute_url()
        return reverse("articles:preview", kwargs={"pk": article.pk})

    def save_model(self, request, obj, form, change):
        now = timezone.now()
        for field in form.cleaned_data.get("dismiss_stale", []):
            freshness.dismiss(obj, field, now)
        super().save_model(request, obj, form, change)
        self._warn_about_summary(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.article_sync_entity_tags(article=form.instance)

    def _warn_about_summary(self, request, article):
        for code, name in settings.LANGUAGES:
            summary = getattr(article, build_localized_fieldname("summary", code)) or ""
            seo = getattr(article, build_localized_fieldname("seo_description", code)) or ""
            if not seo and not fits_whole_sentences(summary, settings.META_DESCRIPTION_LENGTH):
                self.message_user(
                    request,
                    _(
                        "The %(language)s summary has no sentence end within its first %(n)s "
                        "characters, so search results and share previews will cut it "
                        "mid-sentence. Start with a shorter sentence or fill in the SEO description."
                    )
                    % {"language": name, "n": settings.META_DESCRIPTION_LENGTH},
                    messages.WARNING,
                )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        if article is not None and request.method == "GET":
            for item in freshness.stale_fields(article):
                self.message_user(
                    request,
                    _("“%(field)s” in %(language)s may be out of date: the other language changed.")
                    % {
                        "field": Article._meta.get_field(item.field).verbose_name,
                        "language": item.language,
                    },
                    messages.WARNING,
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def _apply(self, request, queryset, service, message):
        articles = list(queryset)
        for article in articles:
            service(article=article)
        self.message_user(request, message % {"count": len(articles)}, messages.SUCCESS)

    @admin.action(description=_("Publish (now, or at the scheduled time)"), permissions=["publish"])
    def publish(self, request, queryset):
        self._apply(
            request, queryset, services.article_publish, _("Articles published: %(count)d.")
        )

    @admin.action(description=_("Unpublish (back to draft)"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._apply(
            request, queryset, services.article_unpublish, _("Articles unpublished: %(count)d.")
        )

    @admin.action(description=_("Withdraw (410 Gone everywhere)"), permissions=["publish"])
    def withdraw(self, request, queryset):
        self._apply(
            request, queryset, services.article_withdraw, _("Articles withdrawn: %(count)d.")
        )


class ArticlePartAdmin(ReaderContentAdmin):
    """For the standalone admin of an article's part (an FAQ item, an entity
    table), where the part can be moved to another article: the article it
    left changed too, and is told through the hook like the one it joined."""

    def part_changed(self, article) -> None:
        services.article_changed(article=article)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        left = form.initial.get("article") if change else None
        if left is not None and left != obj.article_id:
            article = Article.objects.filter(pk=left).first()
            if article is not None:
                self.part_changed(article)


@admin.register(EntityTable)
class EntityTableAdmin(
    BackToArticleAdmin, ArticlePartAdmin, NestedModelAdminMixin, TranslationAdmin
):
    list_display = ["caption", "article", "order"]
    list_select_related = ["article"]
    search_fields = ["caption_zh_hans", "caption_en", "article__title_zh_hans", "article__title_en"]
    autocomplete_fields = ["article"]
    inlines = [EntityRowInline]

    def content_changed(self, table):
        self.part_changed(table.article)

    def part_changed(self, article):
        # After a save or a delete: the article's entity tags follow its tables.
        services.article_sync_entity_tags(article=article)
        services.article_changed(article=article)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.article_sync_entity_tags(article=form.instance.article)


@admin.register(Entity)
class EntityAdmin(EntityFormAdmin, ReaderContentAdmin, TranslationAdmin):
    list_display = ["name", "kind", "slug", "website"]
    list_filter = ["kind"]
    search_fields = ["name_zh_hans", "name_en", "slug", "wikidata_id"]
    readonly_fields = ["tag"]

    def content_changed(self, entity):
        # Its tag carries its names, which every article carrying it shows.
        content_changed(tag_ids=[entity.tag_id] if entity.tag_id else [])


@admin.register(Tag)
class TagAdmin(ReaderContentAdmin, TabbedTranslationAdmin):
    list_display = ["name_zh_hans", "name_en", "slug", "article_count", "is_entity"]
    search_fields = ["name_zh_hans", "name_en", "slug"]
    fields = ["name", "slug"]

    def content_changed(self, tag):
        content_changed(tag_ids=[tag.pk])

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("entity")
            .annotate(article_count=Count("tagged_articles"))
        )

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, tag):
        return tag.article_count

    @admin.display(description=_("entity"), boolean=True)
    def is_entity(self, tag):
        return hasattr(tag, "entity")


@admin.register(Disclaimer)
class DisclaimerAdmin(ReaderContentAdmin, TabbedTranslationAdmin):
    list_display = ["title", "kind", "applies_to_all", "active", "order"]
    list_editable = ["active", "order"]
    list_filter = ["kind", "applies_to_all", "active"]
    search_fields = ["title_zh_hans", "title_en", "key"]


# Our Tag (with translated names) replaces taggit's own, which must not be edited.
admin.site.unregister(taggit.models.Tag)
