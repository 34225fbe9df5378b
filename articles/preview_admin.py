"""The article form's live preview and its literal-text warnings.

``ArticlePreviewMixin`` (a base of ``ArticleAdmin``) adds ``live-preview/``
next to the add and change pages. GET returns the preview pane (translated
labels) that static/js/admin-preview.js puts beside the form; POST takes the
form as it is, unsaved, and answers with the public article page rendered by
the same view and template readers get, plus what the renderer would show as
literal text. Nothing is saved and no change hook runs: the article and its
inline rows are built in memory and handed to the template as prefetched."""

from itertools import count

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.forms import Media
from django.http import HttpResponseNotAllowed, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from articles.models import Article, Tag, TaggedArticle
from articles.views import ArticleDetailView
from geo.i18n import LANGUAGE_CODES
from geo.markdown import literal_text_warnings

# The article's Markdown fields, checked for text readers would see literally.
MARKDOWN_FIELDS = ("insight", "body", "editor_note", "correction_note")
LANGUAGE_LABELS = {"zh-hans": "中文", "en": "English"}


def field_warnings(article, faq_items=()) -> list[dict]:
    """``[{field, language, label, messages}]`` for each Markdown field (the
    article's, and its FAQ answers') that has text readers would see literally."""
    found = []
    for field in MARKDOWN_FIELDS:
        label = str(Article._meta.get_field(field).verbose_name).capitalize()
        found += _warnings(article, field, field, label)
    for number, item in enumerate(faq_items, start=1):
        label = _("FAQ answer %(number)s") % {"number": number}
        found += _warnings(item, "answer", f"faq_items-{number - 1}-answer", label)
    return found


def _warnings(obj, field: str, name: str, label: str) -> list[dict]:
    found = []
    for code in LANGUAGE_CODES:
        warnings = literal_text_warnings(getattr(obj, build_localized_fieldname(field, code), ""))
        if warnings:
            found.append(
                {
                    "field": build_localized_fieldname(name, code),
                    "language": code,
                    "label": f"{label} ({LANGUAGE_LABELS[code]})",
                    "messages": [warning.message() for warning in warnings],
                }
            )
    return found


def _prefetched(model, objects: list) -> QuerySet:
    """What ``prefetch_related`` leaves on an instance: a queryset already filled."""
    queryset = model._default_manager.filter(pk__in=[o.pk for o in objects if o.pk])
    queryset._result_cache = objects
    queryset._prefetch_done = True
    return queryset


def _sort_key(ordering):
    def key(obj):
        values = []
        for name in ordering:
            attr = name.lstrip("-")
            value = getattr(obj, attr, None)
            # Unsaved rows (no pk) sort after saved ones, as they will once saved.
            if value is None:
                values.append((True, 0))
            else:
                values.append((False, _Reversed(value) if name.startswith("-") else value))
        return values

    return key


class _Reversed:
    def __init__(self, value):
        self.value = value

    def __lt__(self, other):
        return other.value < self.value

    def __eq__(self, other):
        return self.value == other.value


class ArticlePreviewMixin:
    @property
    def media(self):
        return super().media + Media(
            js=["js/admin-preview.js"], css={"all": ["css/admin-preview.css"]}
        )

    def get_urls(self):
        view = self.admin_site.admin_view(self.live_preview_view)
        name = f"{self.opts.app_label}_{self.opts.model_name}_live_preview"
        return [
            path("live-preview/", view, name=name),
            path("<path:object_id>/live-preview/", view, name=f"{name}_of"),
            *super().get_urls(),
        ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Saved as written; the editor learns what readers will see literally.
        article = form.instance
        for warning in field_warnings(article, article.faq_items.order_by("order", "pk")):
            messages.warning(
                request,
                _("%(field)s: %(problems)s")
                % {"field": warning["label"], "problems": "; ".join(warning["messages"])},
            )

    # ------------------------------------------------------------- the view

    def live_preview_view(self, request, object_id=None):
        obj = self.get_object(request, object_id) if object_id else None
        if object_id and obj is None:
            raise PermissionDenied
        allowed = (
            self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        )
        if not allowed:
            raise PermissionDenied
        if request.method == "GET":
            return TemplateResponse(request, "admin/articles/live_preview_pane.html")
        if request.method != "POST":
            return HttpResponseNotAllowed(["GET", "POST"])
        article = self.unsaved_article(request, obj)
        language = request.GET.get("language")
        language = language if language in LANGUAGE_CODES else LANGUAGE_CODES[0]
        warnings = field_warnings(article, article._prefetched_objects_cache.get("faq_items", ()))
        if not article.readable_languages():
            return JsonResponse(
                {
                    "html": "",
                    "warnings": warnings,
                    "empty": _(
                        "Fill in the title, summary and body in at least one language to see the preview."
                    ),
                }
            )
        return JsonResponse(
            {"html": self.render_preview(request, article, language), "warnings": warnings}
        )

    def render_preview(self, request, article, language) -> str:
        view = ArticleDetailView()
        view.setup(request)
        with translation.override(language):
            response = view.render_article(article, is_preview=True)
            response.context_data["show_edit_link"] = False
            return response.render().content.decode()

    def unsaved_article(self, request, obj) -> Article:
        """The article as the form describes it, never saved."""
        fake_pks = count(-1, -1)  # related managers need a pk; these never reach the database
        form_class = self.get_form(request, obj, change=obj is not None)
        form = form_class(request.POST, instance=obj or Article())
        form.is_valid()  # errors don't stop a preview: valid fields are applied
        article = form.instance
        # Text as typed, even where the form refuses it (too long, say).
        for field in Article.TRANSLATED_FIELDS:
            for code in LANGUAGE_CODES:
                column = build_localized_fieldname(field, code)
                if column in request.POST:
                    setattr(article, column, request.POST[column])
        if article.pk is None:
            article.pk = next(fake_pks)
        article.slug = article.slug or "preview"
        article._prefetched_objects_cache = {}
        if "disclaimers" in form.cleaned_data:
            chosen = list(form.cleaned_data["disclaimers"])
            article._prefetched_objects_cache["disclaimers"] = _prefetched(
                type(article).disclaimers.rel.model, chosen
            )
        self._apply_inlines(request, obj, article, form, fake_pks)
        return article

    def _apply_inlines(self, request, obj, article, form, fake_pks):
        formsets, _inlines = self._create_formsets(request, article, change=obj is not None)
        tags = None
        for formset in formsets:
            formset.is_valid()
            # Saved rows as edited (their valid fields), new rows once they are valid.
            items = [
                f.instance
                for f in formset.forms
                if not formset._should_delete_form(f)
                and (f.instance.pk or (f.has_changed() and not f.errors))
            ]
            model = formset.model
            if model is TaggedArticle:
                tags = [item.tag for item in items if item.tag_id]
                continue
            for item in items:
                self._fill_children(item, f_nested(formset, item), fake_pks)
            ordering = model._meta.ordering or ["pk"]
            items.sort(key=_sort_key(ordering))
            article._prefetched_objects_cache[formset.fk.remote_field.cache_name] = _prefetched(
                model, items
            )
        if "tags" in form.cleaned_data and isinstance(form.cleaned_data["tags"], list | tuple):
            tags = [_tag(name) for name in form.cleaned_data["tags"]]
        if tags is None and obj is not None:
            tags = list(obj.tags.all())
        article.tag_links = [TaggedArticle(tag=tag) for tag in sorted(tags or [], key=_slug)]

    def _fill_children(self, item: Model, nested, fake_pks):
        """An entity table's rows: from a nested inline when the form has one,
        else as saved."""
        if not hasattr(item, "rows"):
            return
        saved_pk = item.pk
        if item.pk is None:
            item.pk = next(fake_pks)
        if nested is not None:
            nested.is_valid()  # the outer formset's is_valid() leaves nested ones unchecked
            rows = [
                f.instance
                for f in nested.forms
                if not nested._should_delete_form(f)
                and (f.instance.pk or f.has_changed())
                and not f.errors
                and f.instance.entity_id
            ]
        elif saved_pk:
            rows = list(type(item).objects.get(pk=saved_pk).rows.select_related("entity"))
        else:
            rows = []
        rows.sort(key=_sort_key(["order", "pk"]))
        row_model = item._meta.get_field("rows").related_model
        item._prefetched_objects_cache = {"rows": _prefetched(row_model, rows)}


def f_nested(formset, item):
    """The nested formset (django-nested-admin style) of ``item``'s form, if any."""
    for form in formset.forms:
        if form.instance is item:
            for nested in getattr(form, "nested_formsets", []) or []:
                if nested.model.__name__ == "EntityRow":
                    return nested
    return None


def _tag(value) -> Tag:
    if isinstance(value, Tag):
        return value
    name = str(value)
    return Tag.objects.filter(name__iexact=name).first() or Tag(
        name=name, **{build_localized_fieldname("name", code): name for code in LANGUAGE_CODES}
    )


def _slug(tag) -> str:
    return tag.slug or tag.name
