"""The editors' article form in the admin, laid out like the page it makes:
fieldsets in the order of the page anatomy (DESIGN.md) with the entity tables
and FAQ inlines between them, each translated field a 中文 | English pair, a
list of the fields at fault at the top, tags typed in, one publishing choice,
and an uploaded cover kept across an error.

``ArticleDeskMixin`` goes first in ArticleAdmin's bases; the fieldsets stay in
admin.py. Inlines are placed by model name, whatever their class."""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied
from django.db import models
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles import publishing, tag_input

# Inlines shown right after the fieldset holding the given field, by model name.
INLINES_AFTER = {
    "body_zh_hans": ("entitytable",),
    "editor_note_zh_hans": ("faqitem",),
    "corrected_at": ("articleupdate",),
}
PUBLISHING_FIELDS = ("publishing", "publish_at")


def _fieldset_fields(fieldset) -> set[str]:
    return set(flatten_fieldsets([(None, {"fields": fieldset.fields})]))


def form_sections(adminform, inline_admin_formsets) -> tuple[list[dict], list]:
    """``[{"fieldset": ..., "index": n, "inlines": [...]}, ...]`` and the inlines
    placed nowhere (shown after the last fieldset, as Django would)."""
    by_model = {}
    for inline in inline_admin_formsets:
        by_model.setdefault(inline.opts.model._meta.model_name, []).append(inline)
    sections = []
    for index, fieldset in enumerate(adminform):
        fields = _fieldset_fields(fieldset)
        inlines = [
            inline
            for field, models in INLINES_AFTER.items()
            if field in fields
            for model in models
            for inline in by_model.pop(model, [])
        ]
        sections.append({"fieldset": fieldset, "index": index, "inlines": inlines})
    rest = [inline for inlines in by_model.values() for inline in inlines]
    return sections, rest


def error_links(adminform, inline_admin_formsets) -> list[dict]:
    """Every field at fault, with the anchor of its input (or inline group)."""
    form = adminform.form
    links = []
    for name in form.errors:
        if name == "__all__":
            continue
        field = form.fields.get(name)
        label = field.label if field is not None and field.label else name
        links.append({"label": label, "anchor": form[name].auto_id})
    for inline in inline_admin_formsets:
        formset = inline.formset
        if formset.total_error_count():
            links.append(
                {
                    "label": inline.opts.verbose_name_plural,
                    "anchor": f"{formset.prefix}-group",
                }
            )
    return links


# Django's admin loads these for prepopulated fields; the slug is made by the
# pinyin policy when left empty, so the article form has none.
UNUSED_ADMIN_JS = ("admin/js/urlify.js", "admin/js/prepopulate.js", "admin/js/vendor/xregexp/")


class ArticleDeskMixin:
    change_form_template = "admin/articles/article/change_form.html"
    formfield_overrides = {models.DateTimeField: publishing.LOCAL_DATETIME}

    @property
    def media(self):
        base = super().media
        js = [
            asset
            for asset in base._js
            if not str(getattr(asset, "_path", asset)).startswith(UNUSED_ADMIN_JS)
        ]
        return forms.Media(css=base._css, js=js) + forms.Media(
            css={"all": ["css/admin.css"]}, js=["js/article-form.js"]
        )

    # ------------------------------------------------------------- the form

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if not self.has_publish_permission(request):
            for name in PUBLISHING_FIELDS:
                form.base_fields.pop(name, None)
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.has_publish_permission(request):
            return fieldsets
        # Others see the state, read-only, where the choice would be.
        swapped = []
        for name, options in fieldsets:
            fields = []
            for field in options.get("fields", []):
                if field == PUBLISHING_FIELDS[0]:
                    fields.append("publication")
                elif field not in PUBLISHING_FIELDS:
                    fields.append(field)
            swapped.append((name, {**options, "fields": fields}))
        return swapped

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields.append("publication")
        return fields

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        adminform = context.get("adminform")
        inlines = context.get("inline_admin_formsets", [])
        if adminform is not None:
            if request.method == "POST" and hasattr(adminform.form, "keep_pending_uploads"):
                adminform.form.keep_pending_uploads()
            sections, rest = form_sections(adminform, inlines)
            context.update(
                article_sections=sections,
                article_other_inlines=rest,
                article_error_links=error_links(adminform, inlines),
            )
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if hasattr(form, "save_tag_names"):
            form.save_tag_names(form.instance)
        if hasattr(form, "discard_pending_uploads"):
            form.discard_pending_uploads()

    # ------------------------------------------------------------- the list

    @admin.display(description=_("publication"), ordering="published_at")
    def publication(self, article):
        return publishing.state_label(article, timezone.now())

    @admin.display(description=_("Tags"))
    def tag_names(self, article):
        """For those who may only view the article (the form field is for the others)."""
        return ", ".join(tag_input.display_name(tag) for tag in tag_input.plain_tags(article))

    # ------------------------------------------------------------- URLs

    def get_urls(self):
        return [
            path(
                "tag-suggest/",
                self.admin_site.admin_view(self.tag_suggest_view),
                name="articles_article_tag_suggest",
            ),
            *super().get_urls(),
        ]

    def tag_suggest_view(self, request):
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        return tag_input.suggest_view(request)
