"""Tags as you type: the article form's tag field is plain text (names separated
by commas, Chinese or English), enhanced by static/js/article-form.js with
suggestions from ``suggest_view``. A name no tag has makes a new tag, its slug
from the site's pinyin policy (``Tag.save``); nobody is asked for a slug.

Only the article's *plain* tags are edited here: its entity tags follow its
entity tables (``services.article_sync_entity_tags``) and are left alone, as
that sync leaves plain tags alone."""

import contextlib
import re

from django import forms
from django.db.models import Q
from django.http import JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from articles.models import Tag, TaggedArticle

SEPARATORS = re.compile(r"[,，、;；\n]+")
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
MAX_NAME = 100
SUGGESTIONS = 10


def split_names(text: str) -> list[str]:
    """``"开源, AI，开源"`` → ``["开源", "AI"]`` (trimmed, each once, in order)."""
    names, seen = [], set()
    for part in SEPARATORS.split(text or ""):
        name = " ".join(part.split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


def find_tag(name: str) -> Tag | None:
    """The tag called ``name`` in either language (case-insensitive)."""
    return (
        Tag.objects.filter(Q(name_zh_hans__iexact=name) | Q(name_en__iexact=name))
        .select_related("entity")
        .order_by("pk")
        .first()
    )


def new_tag(name: str) -> Tag:
    """A Chinese name is the tag's Chinese name; any other its English one
    (the Chinese side, required, then starts as the same text)."""
    tag = Tag(name_zh_hans=name, name_en=None if HAN.search(name) else name)
    tag.save()  # the slug comes from the pinyin policy
    return tag


def display_name(tag: Tag) -> str:
    return tag.name_zh_hans or tag.name_en or tag.slug


def plain_tags(article) -> list[Tag]:
    if not article.pk:
        return []
    return list(
        Tag.objects.filter(tagged_articles__content_object=article, entity__isnull=True).order_by(
            "tagged_articles__pk"
        )
    )


class TagNamesFormMixin(forms.Form):
    tag_names = forms.CharField(
        label=_("Tags"),
        required=False,
        widget=forms.TextInput(
            attrs={
                "class": "vTextField tag-input",
                "autocomplete": "off",
                "data-new-label": _("New tag:"),
            }
        ),
        help_text=_(
            "Type tag names in Chinese or English, separated by commas; new ones are "
            "created with a pinyin slug. Entities in the entity tables tag the article "
            "by themselves."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "tag_names" in self.fields:
            with contextlib.suppress(NoReverseMatch):
                self.fields["tag_names"].widget.attrs["data-tag-suggest"] = reverse(
                    "admin:articles_article_tag_suggest"
                )
            self.fields["tag_names"].initial = ", ".join(
                display_name(tag) for tag in plain_tags(self.instance)
            )

    def clean_tag_names(self):
        names = split_names(self.cleaned_data.get("tag_names", ""))
        too_long = [name for name in names if len(name) > MAX_NAME]
        if too_long:
            raise forms.ValidationError(
                _("A tag name has at most %(n)d characters: “%(name)s”.")
                % {"n": MAX_NAME, "name": too_long[0][:20] + "…"}
            )
        entities = [name for name in names if (tag := find_tag(name)) and hasattr(tag, "entity")]
        if entities:
            raise forms.ValidationError(
                _(
                    "“%(name)s” is an entity: put it in one of the article's entity tables "
                    "and the article is tagged with it."
                )
                % {"name": entities[0]}
            )
        return names

    def save_tag_names(self, article) -> None:
        """Make the article's plain tags the typed ones; entity tags stay as they are."""
        if "tag_names" not in self.fields or "tag_names" not in self.cleaned_data:
            return
        wanted = [find_tag(name) or new_tag(name) for name in self.cleaned_data["tag_names"]]
        TaggedArticle.objects.filter(content_object=article, tag__entity__isnull=True).exclude(
            tag__in=wanted
        ).delete()
        have = set(
            TaggedArticle.objects.filter(content_object=article).values_list("tag_id", flat=True)
        )
        TaggedArticle.objects.bulk_create(
            [TaggedArticle(content_object=article, tag=tag) for tag in wanted if tag.pk not in have]
        )


def suggest_view(request):
    """``?q=开`` → existing plain tags whose name (either language) or slug holds it."""
    query = " ".join(request.GET.get("q", "").split())[:MAX_NAME]
    if not query:
        return JsonResponse({"results": []})
    tags = (
        Tag.objects.filter(entity__isnull=True)
        .filter(
            Q(name_zh_hans__icontains=query)
            | Q(name_en__icontains=query)
            | Q(slug__icontains=query)
        )
        .order_by("slug")[:SUGGESTIONS]
    )
    return JsonResponse(
        {
            "results": [
                {"name": display_name(tag), "other": tag.name_en or "", "slug": tag.slug}
                for tag in tags
            ]
        }
    )
