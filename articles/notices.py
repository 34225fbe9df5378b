"""The notice above an article whose page language lacks some of its text:
it names exactly what is shown in the other language, or is absent."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from modeltranslation.utils import build_localized_fieldname

from articles.querysets import READABLE_FIELDS
from geo.i18n import translated_text

# The parts a reader notices, in page order.
NOTICED_FIELDS = {
    "title": gettext_lazy("title"),
    "summary": gettext_lazy("summary"),
    "insight": gettext_lazy("key insights"),
    "body": gettext_lazy("body"),
    "editor_note": gettext_lazy("editor's commentary"),
}
LANGUAGE_NAMES = {"zh-hans": gettext_lazy("Chinese"), "en": gettext_lazy("English")}


def untranslated_fields(article, language: str) -> list[str]:
    """Fields the page in ``language`` shows in another language (a fallback)."""
    return [
        field
        for field in NOTICED_FIELDS
        if not getattr(article, build_localized_fieldname(field, language), "")
        and translated_text(article, field, language)
    ]


def wholly_untranslated(article, language: str) -> bool:
    """No title, summary or body in ``language``: the whole article is the other's."""
    return not any(
        getattr(article, build_localized_fieldname(field, language), "")
        for field in READABLE_FIELDS
    )


def partial_notice(article, language: str) -> str:
    """ "The title is not translated yet; it is shown in Chinese." or ""."""
    fields = untranslated_fields(article, language)
    if not fields or wholly_untranslated(article, language):
        return ""
    shown = translated_text(article, fields[0], language).language
    names = [str(NOTICED_FIELDS[field]) for field in fields]
    listed = (
        names[0]
        if len(names) == 1
        else _("%(first)s and %(last)s")
        % {
            "first": _(", ").join(names[:-1]),
            "last": names[-1],
        }
    )
    return ngettext(
        "The %(fields)s is not translated yet; it is shown in %(language)s.",
        "The %(fields)s are not translated yet; they are shown in %(language)s.",
        len(fields),
    ) % {"fields": listed, "language": LANGUAGE_NAMES.get(shown, shown)}
