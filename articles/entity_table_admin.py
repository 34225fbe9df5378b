"""Entity tables and their rows, edited inside the article form.

Nested inlines (django-nested-admin): each table is a stacked inline of the
article with its rows as stacked inlines inside it, so an editor writes the
caption, picks or creates the entities and orders everything without leaving
the article. The article admin saves it all in one transaction, keeps the
entity tags in step and calls the change hook once (ArticleAdmin.save_related
and save_model). The standalone table admin stays for search and bulk work and
always sends the editor back to the article."""

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import unquote
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline
from nested_admin import NestedStackedInlineMixin
from nested_admin.formsets import NestedInlineFormSet

from articles import placement
from articles.entity_tables import table_position
from articles.models import EntityRow, EntityTable

# Where the article form shows its tables (the nested formset's group id).
TABLES_ANCHOR = "#entity_tables-group"


class PositionForm(forms.ModelForm):
    """A new table or row starts without a position: left empty, it goes
    after the others, where the editor sees it in the form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["order"]
        field.required = False
        field.widget.attrs["placeholder"] = _("last")
        if self.instance.pk is None:
            self.initial["order"] = None


class PositionFormSet(NestedInlineFormSet):
    def save(self, commit=True):
        if self._parent_is_deleted():
            # The table goes and its rows with it (the database cascades).
            # django-nested-admin would save them again, as new rows of the
            # deleted table, and the commit would fail (its issue #192).
            self.changed_objects, self.deleted_objects, self.new_objects = [], [], []
            return []
        kept = [
            form.cleaned_data.get("order")
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not self._should_delete_form(form)
        ]
        self._next_order = max((order for order in kept if order is not None), default=-1) + 1
        return super().save(commit)

    def _parent_is_deleted(self):
        parent = getattr(self, "parent_form", None)  # set on nested formsets
        formset = getattr(parent, "parent_formset", None)
        return formset is not None and formset._should_delete_form(parent)

    def _place(self, form):
        if form.cleaned_data.get("order") is None:
            form.instance.order = self._next_order
            self._next_order += 1

    def save_new(self, form, commit=True):
        self._place(form)
        return super().save_new(form, commit)

    def save_existing(self, form, obj, commit=True):
        self._place(form)
        return super().save_existing(form, obj, commit)


class EntityRowInline(NestedStackedInlineMixin, TranslationStackedInline):
    """One row per entity. The entity is picked by autocomplete, or created in
    the add-entity popup (“+”), which returns to this row; its slug comes from
    its name (Entity.save), never from the editor.

    Stacked, one line per row: every field keeps its own label, each language
    side by side, and the line wraps into a column on a phone (a tabular
    inline would scroll sideways there, its inputs labelled only by headers)."""

    model = EntityRow
    form = PositionForm
    formset = PositionFormSet
    autocomplete_fields = ["entity"]
    fields = [("entity", "role_zh_hans", "role_en"), ("note_zh_hans", "note_en", "order")]
    ordering = ["order", "pk"]
    # Order by the number field: dragging is not keyboard-accessible.
    is_sortable = False
    classes = ["entity-rows"]

    def get_extra(self, request, obj=None, **kwargs):
        # A new table comes with a blank row; a saved one gets “Add another”.
        return 1 if obj is None else 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("entity")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "entity":
            # Here “×” would delete the entity everywhere, not the row: rows have
            # their own Delete box. Adding (“+”) and editing the entity stay.
            formfield.widget.can_delete_related = False
            formfield.widget.can_view_related = False
        return formfield


class EntityTableInline(NestedStackedInlineMixin, TranslationStackedInline):
    """An entity table of the article, with its rows inside it and the marker
    that places it in the body."""

    model = EntityTable
    form = PositionForm
    formset = PositionFormSet
    inlines = [EntityRowInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("caption_zh_hans", "caption_en"),
                    ("placement_marker", "order"),
                ]
            },
        ),
        (
            _("Column headings (empty: Entity, Role, Key change)"),
            {
                "fields": [
                    ("entity_label_zh_hans", "entity_label_en"),
                    ("role_label_zh_hans", "role_label_en"),
                    ("note_label_zh_hans", "note_label_en"),
                ],
                "classes": ["collapse"],
            },
        ),
    ]
    readonly_fields = ["placement_marker"]
    extra = 0
    is_sortable = False
    classes = ["entity-tables"]

    class Media:
        css = {"all": ["css/nested_inlines.css"]}

    @admin.display(description=_("place in the body"))
    def placement_marker(self, table):
        position = table_position(table)
        if position is None:
            return _("Save the article to get this table’s marker.")
        return format_html(
            '<code class="entity-table-marker" translate="no">{}</code> <span class="help">{}</span>',
            placement.marker(position),
            _("Copy it onto a line of its own in the body, where the table belongs."),
        )


class EntityFormAdmin:
    """For the entity admin, which is also the “+” popup of a row: both names
    side by side (the Chinese one required). The popup does not ask for a
    slug: it is made from the name (pinyin, Entity.save); the full add page
    still offers the optional field for a slug of the editor's choosing."""

    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("name_zh_hans", "name_en"),
                    "kind",
                    ("description_zh_hans", "description_en"),
                    "website",
                    "wikidata_id",
                    "slug",
                    "tag",
                ]
            },
        )
    ]

    def get_fieldsets(self, request, obj=None):
        if obj is not None:
            return super().get_fieldsets(request, obj)
        # A new entity has no tag yet; in the popup, no slug either.
        in_popup = IS_POPUP_VAR in request.GET or IS_POPUP_VAR in request.POST
        hidden = ("slug", "tag") if in_popup else ("tag",)
        return [
            (title, {**options, "fields": [f for f in options["fields"] if f not in hidden]})
            for title, options in self.fieldsets
        ]


class BackToArticleAdmin:
    """For the standalone table admin: after a save or a delete the editor is
    back on the article's form, at its tables, where tables are edited."""

    def _back_to_article(self, request, article_id, response):
        if (
            article_id is None
            or IS_POPUP_VAR in request.POST
            or {"_continue", "_addanother", "_saveasnew"} & set(request.POST)
        ):
            return response
        url = reverse("admin:articles_article_change", args=[article_id])
        return HttpResponseRedirect(url + TABLES_ANCHOR)

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        return self._back_to_article(request, obj.article_id, response)

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        return self._back_to_article(request, obj.article_id, response)

    def delete_view(self, request, object_id, extra_context=None):
        table = self.get_object(request, unquote(object_id))
        response = super().delete_view(request, object_id, extra_context)
        if request.method == "POST" and table is not None and response.status_code == 302:
            return self._back_to_article(request, table.article_id, response)
        return response
