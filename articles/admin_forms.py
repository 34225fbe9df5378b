"""The article form side by side: each translated field is a 中文 | English pair,
and the language of a field is written on its label, its input (``lang``) and
its errors, so an error on the English summary says it is the English one."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from articles import freshness
from geo.i18n import LANGUAGE_CODES, html_lang

# How each language is named on its column: its own name, whatever the admin's language.
LANGUAGE_BADGES = {"zh-hans": "中文", "en": "English"}

# Live character counters (static/js/article-form.js) on length-limited fields.
COUNTED_FIELDS = {
    "title": 200,
    "summary": settings.SUMMARY_MAX_LENGTH,
    "seo_description": settings.META_DESCRIPTION_LENGTH,
}


def translated_columns(fields) -> dict[str, tuple[str, str]]:
    """``{"title_zh_hans": ("title", "zh-hans"), ...}``."""
    return freshness.tracked_columns(fields)


class BilingualFormMixin(forms.Form):
    """For a ModelForm of a model with translated fields (``TRANSLATED_FIELDS``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language_of = {
            column: code
            for column, (_field, code) in translated_columns(
                self._meta.model.TRANSLATED_FIELDS
            ).items()
            if column in self.fields
        }
        for column, code in self.language_of.items():
            field_name = column.removesuffix(f"_{freshness.SUFFIXES[code]}")
            form_field = self.fields[column]
            verbose = self._meta.model._meta.get_field(field_name).verbose_name
            form_field.label = _("%(field)s · %(language)s") % {
                "field": str(verbose)[:1].upper() + str(verbose)[1:],
                "language": LANGUAGE_BADGES.get(code, code),
            }
            widget = getattr(form_field.widget, "widget", form_field.widget)
            widget.attrs["lang"] = html_lang(code)
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} lang-{code}".strip()
            if field_name in COUNTED_FIELDS:
                widget.attrs["data-counter-max"] = COUNTED_FIELDS[field_name]
            if code == LANGUAGE_CODES[0] and form_field.required:
                form_field.help_text = _("Required.") + (
                    f" {form_field.help_text}" if form_field.help_text else ""
                )

    def full_clean(self):
        super().full_clean()
        # Say which language an error is in, on the field and in the banner.
        for column, errors in list(self._errors.items()):
            code = self.language_of.get(column)
            if code is None:
                continue
            badge = LANGUAGE_BADGES.get(code, code)
            self._errors[column] = self.error_class(
                [
                    ValidationError(
                        _("%(language)s: %(message)s") % {"language": badge, "message": message},
                        code=error.code,
                    )
                    for error in errors.as_data()
                    for message in error.messages
                ],
                field_id=self[column].auto_id,
                renderer=self.renderer,
            )
