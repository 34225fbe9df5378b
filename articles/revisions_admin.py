"""The article admin's history: revisions list, compare any two, revert, the
change reason field, and the edit-conflict page. ``RevisionsAdminMixin`` goes
first in ArticleAdmin's bases (before SimpleHistoryAdmin)."""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import select_template
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles import revisions

CHANGE_REASON = "change_reason"


class RevisionsAdminMixin:
    revisions_template = "admin/articles/article/revisions.html"
    compare_template = "admin/articles/article/revision_compare.html"
    revert_template = "admin/articles/article/revision_revert.html"
    conflict_template = "admin/articles/article/edit_conflict.html"

    # ------------------------------------------------------------ the form

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if any(CHANGE_REASON in _flat(options) for _name, options in fieldsets):
            return fieldsets
        reason = (gettext_lazy("History"), {"fields": [CHANGE_REASON]})
        # Before a trailing fieldset of hidden bookkeeping (the loaded version).
        if fieldsets and "loaded_version" in _flat(fieldsets[-1][1]):
            return [*fieldsets[:-1], reason, fieldsets[-1]]
        return [*fieldsets, reason]

    def get_form(self, request, obj=None, **kwargs):
        base = kwargs.get("form", self.form)
        kwargs["form"] = type(
            base.__name__,
            (base,),
            {
                CHANGE_REASON: forms.CharField(
                    label=gettext_lazy("What changed (for the history)"),
                    max_length=100,
                    required=False,
                    help_text=gettext_lazy(
                        "Optional: a few words shown in the article's history, "
                        "e.g. “Updated 2026 prices”."
                    ),
                )
            },
        )
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        reason = form.cleaned_data.get(CHANGE_REASON)
        merge = getattr(form, "merge", None)
        if not reason and merge is not None:
            reason = _("Merged with the version of %(when)s by %(who)s") % {
                "when": merge.when,
                "who": merge.who,
            }
        obj._change_reason = reason or None
        super().save_model(request, obj, form, change)
        if merge is not None:
            self._report_merge(request, merge)

    def _report_merge(self, request, merge):
        kept = ", ".join(_field_name(f) for f in merge.changed if f.outcome == "mine")
        theirs = ", ".join(_field_name(f) for f in merge.changed if f.outcome == "theirs")
        self.message_user(
            request,
            _(
                "Your changes were re-applied onto the version of %(when)s by %(who)s. "
                "Yours: %(mine)s. Theirs: %(theirs)s."
            )
            % {
                "when": merge.when,
                "who": merge.who,
                "mine": kept or _("none"),
                "theirs": theirs or _("none"),
            },
            messages.SUCCESS,
        )

    def save_formset(self, request, form, formset, change):
        base = getattr(form, "merge_base", None)
        if base is None or base.related_content is None:
            return super().save_formset(request, form, formset, change)
        # Re-applying after a conflict: rows the editor left as loaded are not
        # saved, so the other editor's changes to them stay.
        index = revisions.snapshot_index(base.related_content)
        for obj in formset.save(commit=False):
            if not revisions.unchanged_since(index, obj):
                obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        from articles import services

        services.article_sync_entity_tags(article=form.instance)
        revisions.record_related(form.instance)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        response = super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )
        conflict = getattr(context["adminform"].form, "conflict", None)
        if conflict is not None:
            # The change page as usual (whoever styles it), with the conflict on top.
            response.context_data["edit_conflict"] = conflict
            names = response.template_name
            parent = select_template([names] if isinstance(names, str) else names)
            response.context_data["conflict_parent"] = parent
            response.template_name = [self.conflict_template]
        return response

    # ------------------------------------------------------------- history

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/history/compare/",
                view(self.compare_view),
                name="{}_{}_compare".format(*info),
            ),
            path(
                "<path:object_id>/history/<int:history_id>/revert/",
                view(self.revert_view),
                name="{}_{}_revert".format(*info),
            ),
            *super().get_urls(),
        ]

    def _article(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def _context(self, request, article, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": title,
            "subtitle": str(article),
            "history_url": reverse("admin:articles_article_history", args=[article.pk]),
            "change_url": reverse("admin:articles_article_change", args=[article.pk]),
            "can_revert": self.has_change_permission(request, article),
            **extra,
        }

    def history_view(self, request, object_id, extra_context=None):
        article = self._article(request, object_id)
        records = revisions.rows_of(article.pk)
        previous = None
        for record in records:
            record.when = revisions.when(record.history_date)
            record.who = revisions.who(record)
            record.summary = ", ".join(revisions.changed_labels(previous, record))
            previous = record
        records.reverse()  # newest first, like MediaWiki
        context = self._context(
            request,
            article,
            _("History: %(article)s") % {"article": article},
            revisions=records,
            compare_url=reverse("admin:articles_article_compare", args=[article.pk]),
        )
        return TemplateResponse(request, self.revisions_template, context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # django-simple-history's own revert form: the revert page replaces it.
        return HttpResponseRedirect(
            reverse("admin:articles_article_revert", args=[object_id, version_id])
        )

    def _record(self, article, history_id):
        return get_object_or_404(self.model.history.model, id=article.pk, history_id=history_id)

    def compare_view(self, request, object_id):
        article = self._article(request, object_id)
        try:
            ids = sorted(int(request.GET[name]) for name in ("from", "to"))
        except (KeyError, ValueError):
            self.message_user(request, _("Choose two revisions to compare."), messages.ERROR)
            return HttpResponseRedirect(
                reverse("admin:articles_article_history", args=[article.pk])
            )
        old, new = (self._record(article, history_id) for history_id in ids)
        for record in (old, new):
            record.number = revisions.number_of(record)
            record.when = revisions.when(record.history_date)
            record.who = revisions.who(record)
        context = self._context(
            request,
            article,
            _("Revision %(old)d compared with revision %(new)d")
            % {"old": old.number, "new": new.number},
            comparison=revisions.compare(old, new),
        )
        return TemplateResponse(request, self.compare_template, context)

    def revert_view(self, request, object_id, history_id):
        article = self._article(request, object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        target = self._record(article, history_id)
        target.number = revisions.number_of(target)
        target.when = revisions.when(target.history_date)
        target.who = revisions.who(target)
        if request.method == "POST":
            result = revisions.revert(article, target, user=request.user)
            message = _(
                "Reverted to the version of %(when)s by %(who)s (revision %(number)d); "
                "the previous text is kept as revision %(previous)d."
            ) % {
                "when": target.when,
                "who": target.who,
                "number": target.number,
                "previous": result.previous_number,
            }
            self.message_user(request, message, messages.SUCCESS)
            if result.skipped_rows:
                self.message_user(
                    request,
                    _(
                        "%(count)d entity table rows were not restored: "
                        "their entity has been deleted."
                    )
                    % {"count": result.skipped_rows},
                    messages.WARNING,
                )
            return HttpResponseRedirect(
                reverse("admin:articles_article_history", args=[article.pk])
            )
        current = article.history.order_by("-history_id").first()
        context = self._context(
            request,
            article,
            _("Revert to revision %(number)d") % {"number": target.number},
            target=target,
            comparison=revisions.compare(current, target),
        )
        return TemplateResponse(request, self.revert_template, context)


def _flat(options) -> list:
    names = []
    for item in options.get("fields", []):
        names.extend(item if isinstance(item, (list, tuple)) else [item])
    return names


def _field_name(merge) -> str:
    return f"{merge.label} ({merge.language})" if merge.language else merge.label
