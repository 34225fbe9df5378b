from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline
from nested_admin import NestedStackedInlineMixin

from articles.admin import ArticleAdmin, ArticlePartAdmin
from faq.models import FaqItem


class ScopeFilter(admin.SimpleListFilter):
    title = _("scope")
    parameter_name = "scope"

    def lookups(self, request, model_admin):
        return [("site", _("Site FAQ")), ("article", _("On an article"))]

    def queryset(self, request, queryset):
        if self.value() == "site":
            return queryset.filter(article__isnull=True)
        if self.value() == "article":
            return queryset.filter(article__isnull=False)
        return queryset


@admin.register(FaqItem)
class FaqItemAdmin(ArticlePartAdmin, TabbedTranslationAdmin):
    list_display = ["question", "article", "order"]
    list_editable = ["order"]
    list_filter = [ScopeFilter]
    list_select_related = ["article"]
    search_fields = ["question_zh_hans", "question_en", "answer_zh_hans", "answer_en"]
    autocomplete_fields = ["article"]
    ordering = ["article", "order", "pk"]

    def content_changed(self, item):
        if item.article_id is None:
            super().content_changed(item)  # the site FAQ page
        else:
            self.part_changed(item.article)


class FaqItemInline(NestedStackedInlineMixin, TranslationStackedInline):
    """The article form is a nested admin (entity tables hold rows), so every
    inline on it is a nested one; each language side by side."""

    model = FaqItem
    fields = [("question_zh_hans", "question_en"), ("answer_zh_hans", "answer_en"), "order"]
    extra = 0
    ordering = ["order", "pk"]
    is_sortable = False  # ordered by the number field: dragging is not keyboard-accessible


# An article's FAQ is edited on the article's own form.
ArticleAdmin.inlines = [*ArticleAdmin.inlines, FaqItemInline]
