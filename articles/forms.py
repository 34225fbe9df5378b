from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from articles import conflicts, freshness
from articles.admin_forms import BilingualFormMixin
from articles.models import Article
from articles.pending_uploads import PendingUploadFormMixin
from articles.publishing import PublishingFormMixin
from articles.tag_input import TagNamesFormMixin


class ArticleAdminForm(
    BilingualFormMixin,
    PublishingFormMixin,
    TagNamesFormMixin,
    PendingUploadFormMixin,
    forms.ModelForm,
):
    """The editors' article form: side-by-side languages, publishing choice, typed
    tags, kept uploads (the mixins), edit conflicts and translation-freshness flags."""

    # The version the editor started from; a newer one in the database means
    # someone else saved in between, and this save would overwrite their work.
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    dismiss_stale = forms.MultipleChoiceField(
        label=_("Translation still correct"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick a field to clear its “translation may be out of date” flag."),
    )

    class Meta:
        model = Article
        # Tags are typed (``tag_names``); status and date come from ``publishing``.
        fields = [
            "title",
            "slug",
            "summary",
            "insight",
            "body",
            "editor_note",
            "correction_note",
            "corrected_at",
            "author",
            "ai_assisted",
            "cover",
            "cover_alt",
            "seo_description",
            "disclaimers",
        ]
        widgets = {
            # A few choices: checkboxes, no two-pane selector script.
            "disclaimers": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.version
        disclaimers = self.fields.get("disclaimers")
        if disclaimers is not None and hasattr(disclaimers.widget, "can_add_related"):
            disclaimers.widget.can_add_related = False  # disclaimers have their own page
            if not disclaimers.queryset.exists():
                # No optional disclaimer yet: an empty list, not checkboxes of nothing.
                disclaimers.widget.widget = forms.SelectMultiple(attrs={"disabled": True})
        self.stale = freshness.stale_fields(self.instance) if self.instance.pk else []
        self.fields["dismiss_stale"].choices = [
            (item.field, Article._meta.get_field(item.field).verbose_name) for item in self.stale
        ]
        for item in self.stale:
            column = build_localized_fieldname(item.field, item.language)
            if column in self.fields:
                self.fields[column].help_text = _(
                    "⚠ Translation may be out of date: the other language changed on %(when)s."
                ) % {"when": timezone.localtime(item.changed_at).strftime("%Y-%m-%d %H:%M")}

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self._check_for_edit_conflict(cleaned)
        return cleaned

    def _check_for_edit_conflict(self, cleaned):
        """Refuse a save made on an older version, keeping the editor's work:
        ``self.conflict`` says what the other editor changed. Re-applying
        (the conflict page's button) merges the submission onto the new version."""
        reapply = "_conflict_reapply" in self.data
        if reapply:  # the version the conflict page showed
            loaded = _int_or_none(self.data.get("conflict_current"))
        else:
            loaded = cleaned.get("loaded_version")
        # The version the editor really started from, across repeated conflicts.
        base = _int_or_none(self.data.get("conflict_base")) or cleaned.get("loaded_version")
        current = self._current_version()
        if current is None:
            return
        if loaded != current:
            article = Article.objects.get(pk=self.instance.pk)
            self.conflict = conflicts.detect(self, cleaned, base, article)
            raise forms.ValidationError(self._conflict_message(), code="edit_conflict")
        if reapply:
            article = Article.objects.get(pk=self.instance.pk)
            merge = conflicts.detect(self, cleaned, base, article)
            conflicts.apply(self, cleaned, merge, article)
            if merge.unresolved:
                self.conflict = merge
            # Related objects (FAQ, tables, tags) the editor left as loaded stay as saved.
            self.merge_base = merge.base_record
            self.merge = merge

    def _current_version(self) -> int | None:
        """The saved version, read under a row lock held until this save commits
        (the admin saves in one transaction), so two simultaneous saves cannot
        both pass the check: the second waits, then sees the first's version."""
        rows = Article.objects.filter(pk=self.instance.pk)
        if transaction.get_connection().in_atomic_block:
            rows = rows.select_for_update()
        return rows.values_list("version", flat=True).first()

    def _conflict_message(self) -> str:
        return _(
            "%(who)s saved this article at %(when)s, while you were editing it. Your "
            "changes are not lost: they are still in this form. See below what %(who)s "
            "changed, then re-apply your changes onto the new version."
        ) % {"who": self.conflict.who, "when": self.conflict.when}


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
