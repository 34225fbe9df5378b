from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from articles import freshness
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
            current = self._current_version()
            if current is not None and cleaned.get("loaded_version") != current:
                raise forms.ValidationError(self._conflict_message(), code="edit_conflict")
        return cleaned

    def _current_version(self) -> int | None:
        """The saved version, read under a row lock held until this save commits
        (the admin saves in one transaction), so two simultaneous saves cannot
        both pass the check: the second waits, then sees the first's version."""
        rows = Article.objects.filter(pk=self.instance.pk)
        if transaction.get_connection().in_atomic_block:
            rows = rows.select_for_update()
        return rows.values_list("version", flat=True).first()

    def _conflict_message(self) -> str:
        last = Article.history.filter(id=self.instance.pk).select_related("history_user").first()
        who = _("someone (an import or a script)")
        if last is not None and last.history_user is not None:
            who = last.history_user.get_full_name() or last.history_user.get_username()
        when = timezone.localtime(last.history_date) if last is not None else timezone.localtime()
        return _(
            "%(who)s saved this article at %(when)s, while you were editing it, so your "
            "changes were not saved (nor were theirs overwritten). Open the article in a new "
            "tab to see their version, then apply your changes to it."
        ) % {"who": who, "when": when.strftime("%Y-%m-%d %H:%M")}
