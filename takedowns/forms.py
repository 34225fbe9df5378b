"""The public notice form, the status lookup and Legal's decision form."""

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from geo.validators import WebURLFormField
from takedowns import pii
from takedowns.models import TakedownRequest


class TakedownForm(forms.Form):
    """The public removal / correction notice; every field is checked here."""

    MAX_EVIDENCE_LINKS = 5

    target_url = WebURLFormField(
        label=_("Address of the article"),
        max_length=500,
        assume_scheme="https",
        help_text=_("The full address of the article on this site."),
    )
    requester_name = forms.CharField(label=_("Your name"), max_length=120)
    organisation = forms.CharField(
        label=_("Organisation (optional)"), max_length=200, required=False
    )
    email = forms.EmailField(
        label=_("Contact e-mail"),
        max_length=254,
        help_text=_("We send the reference and the decision here."),
    )
    relationship = forms.ChoiceField(
        label=_("Your relationship to the content"),
        choices=TakedownRequest.Relationship.choices,
        widget=forms.RadioSelect,
    )
    kind = forms.ChoiceField(
        label=_("What are you asking for?"),
        choices=TakedownRequest.Kind.choices,
        widget=forms.RadioSelect,
    )
    statement = forms.CharField(
        label=_("Statement"),
        min_length=20,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Which part of the article, and why it should be removed or corrected. "
            "Do not include ID numbers, phone numbers, bank card numbers or addresses."
        ),
    )
    evidence = forms.CharField(
        label=_("Evidence links (optional)"),
        required=False,
        max_length=MAX_EVIDENCE_LINKS * 510,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Up to 5 links, one per line, starting with http:// or https://."),
    )
    good_faith = forms.BooleanField(
        label=_(
            "I declare in good faith that the information in this request is accurate and that "
            "I am the person concerned or authorised to act for them."
        ),
        error_messages={"required": _("Please confirm the good-faith declaration.")},
    )
    # Honeypot: hidden from people by CSS, filled in by bots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_target_url(self):
        url = self.cleaned_data["target_url"]
        article = article_from_url(url)
        if article is None:
            raise forms.ValidationError(
                _(
                    "This is not the address of an article on this site. Copy it from the article page."
                ),
                code="not_an_article",
            )
        self.cleaned_data["article"] = article
        return url

    def clean_statement(self):
        statement = self.cleaned_data["statement"]
        found = [
            (pii.find_resident_ids, _("an ID card number")),
            (pii.find_mobile_numbers, _("a mobile phone number")),
            (pii.find_bank_cards, _("a bank card number")),
        ]
        for finder, what in found:
            if finder(statement):
                raise forms.ValidationError(
                    _(
                        "Your statement seems to contain %(what)s. Please remove it: we never need "
                        "it, and the request is kept on file."
                    )
                    % {"what": what},
                    code="personal_data",
                )
        return statement

    def clean_evidence(self):
        lines = [
            line.strip() for line in self.cleaned_data["evidence"].splitlines() if line.strip()
        ]
        if len(lines) > self.MAX_EVIDENCE_LINKS:
            raise forms.ValidationError(
                _("At most %(n)d links, please.") % {"n": self.MAX_EVIDENCE_LINKS}, code="too_many"
            )
        validate = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                validate(line)
                valid = len(line) <= 500
            except forms.ValidationError:
                valid = False
            if not valid:
                raise forms.ValidationError(
                    _("“%(link)s” is not a web address starting with http:// or https://.")
                    % {"link": line[:80]},
                    code="invalid_link",
                )
        return lines

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("This field must stay empty."), code="honeypot")
        return ""

    def request_fields(self) -> dict:
        """The cleaned data as TakedownRequest fields."""
        data = self.cleaned_data
        return {
            "article": data["article"],
            "target_url": data["target_url"],
            "requester_name": data["requester_name"],
            "organisation": data["organisation"],
            "email": data["email"],
            "relationship": data["relationship"],
            "kind": data["kind"],
            "statement": data["statement"],
            "evidence_links": data["evidence"],
            "good_faith": data["good_faith"],
        }


class TakedownStatusForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference"), max_length=20, help_text=_("For example TD-7K3M-Q9XA.")
    )
    email = forms.EmailField(label=_("The e-mail address you used"), max_length=254)

    def clean_reference(self):
        return self.cleaned_data["reference"].strip().upper()


def article_from_url(url: str) -> Article | None:
    """The article a URL of this site points at (either language), or None."""
    parts = urlsplit(url)
    if (
        parts.scheme not in ("http", "https")
        or parts.netloc.lower() != urlsplit(settings.SITE_URL).netloc.lower()
    ):
        return None
    language = get_language_from_path(parts.path)
    if language is None:
        return None
    try:
        with translation.override(language):  # i18n URLs resolve in their own language
            match = resolve(parts.path)
    except Resolver404:
        return None
    if match.view_name != "articles:detail":
        return None
    # Drafts stay unknown to the public; withdrawn articles can still be named,
    # and an old address names the article it moved to.
    return Article.objects.for_reader(match.kwargs["slug"]).article


class TakedownDecisionForm(forms.Form):
    """Legal's decision on a request: what to do, and a note for the requester."""

    Status = TakedownRequest.Status

    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (Status.REMOVED, _("Remove: withdraw the article (410 Gone everywhere)")),
            (Status.CORRECTED, _("Correct: show a dated correction note on the article")),
            (Status.REJECTED, _("Reject: leave the content as it is")),
        ],
    )
    note = forms.CharField(
        label=_("Decision note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Sent to the requester and shown on the status page: the reason for the decision."
        ),
    )
    correction_note_zh_hans = forms.CharField(
        label=_("Correction note (Chinese)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    correction_note_en = forms.CharField(
        label=_("Correction note (English)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, takedown: TakedownRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.takedown = takedown

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if (
            decision in (self.Status.REMOVED, self.Status.CORRECTED)
            and self.takedown.article is None
        ):
            self.add_error(
                "decision", _("This request is not linked to an article; link one first.")
            )
        if decision == self.Status.CORRECTED and not (
            cleaned.get("correction_note_zh_hans") or cleaned.get("correction_note_en")
        ):
            self.add_error(
                "correction_note_zh_hans", _("A correction needs a note to show on the article.")
            )
        return cleaned

    def correction(self) -> dict:
        return {
            column: self.cleaned_data[column]
            for column in ("correction_note_zh_hans", "correction_note_en")
            if self.cleaned_data.get(column)
        }
