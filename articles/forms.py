from django import forms
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from articles import freshness
from articles.models import Article


class ArticleAdminForm(forms.ModelForm):
    """The editors' article form: edit conflicts and translation-freshness flags."""

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
        exclude = ["tags"]  # edited through the tag inline, with autocomplete

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.version
        self.stale = freshness.stale_fields(self.instance) if self.instance.pk else []
        self.fields["dismiss_stale"].choices = [
            (item.field, Article._meta.get_field(item.field).verbose_name) for item in self.stale
        ]
        for item in self.stale:
            column = build_localized_fieldname(item.field, item.language)
            if column in self.fields:
                self.fields[column].help_text = _(
                    "⚠ Translation may be out of date: the other language changed on %(when)s."
                ) % {"when": item.changed_at.strftime("%Y-%m-%d %H:%M")}

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            current = Article.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            if current is not None and cleaned.get("loaded_version") != current:
                raise forms.ValidationError(
                    _(
                        "Someone else saved this article while you were editing it. "
                        "Copy your changes, reload the page and apply them again."
                    ),
                    code="edit_conflict",
                )
        return cleaned
