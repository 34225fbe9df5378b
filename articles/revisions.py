"""An article's revisions: what a reader saw at each save, compared and restored.

Each historical row (django-simple-history, ``Article.history``) holds the
article's own columns; ``RevisionFields`` adds the article's version and a
JSON snapshot of the related content a reader sees with it (tags, extra
disclaimers, FAQ items, entity tables and their rows, the public change log).
The snapshot is taken when the row is made, then again once the admin, the
importer or a revert has saved the related objects.

faq depends on articles, not the reverse: the FAQ model is looked up by name.
"""

import difflib
import html
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.utils import build_localized_fieldname
from simple_history.signals import pre_create_historical_record

from geo.i18n import LANGUAGE_CODES, html_lang

# ------------------------------------------------------------------ storage


class RevisionFields(models.Model):
    """Extra columns of the historical article (``bases`` in apps.py)."""

    article_version = models.PositiveIntegerField(null=True, editable=False)
    related_content = models.JSONField(null=True, editable=False)

    class Meta:
        abstract = True


def _translated(obj, name) -> dict:
    return {
        code: getattr(obj, build_localized_fieldname(name, code)) or "" for code in LANGUAGE_CODES
    }


def _columns(obj, names) -> dict:
    """Column values by attname (translated names expand to one per language)."""
    values = {}
    for name in names:
        try:
            obj._meta.get_field(build_localized_fieldname(name, LANGUAGE_CODES[0]))
        except FieldDoesNotExist:  # not translated
            values[name] = getattr(obj, name)
            continue
        for code in LANGUAGE_CODES:
            column = build_localized_fieldname(name, code)
            values[column] = getattr(obj, column) or ""
    return values


FAQ_COLUMNS = ["question", "answer", "key", "order"]
TABLE_COLUMNS = ["caption", "entity_label", "role_label", "note_label", "order"]
ROW_COLUMNS = ["entity_id", "role", "note", "order"]


def snapshot(article) -> dict:
    """The related content a reader sees with ``article``, as saved now."""
    from articles.models import EntityTable, TaggedArticle

    tags = [
        {"pk": link.pk, "fields": {"tag_id": link.tag_id}, "slug": link.tag.slug}
        | {"name": _translated(link.tag, "name")}
        for link in TaggedArticle.objects.filter(content_object_id=article.pk)
        .select_related("tag")
        .order_by("tag__slug")
    ]
    faq_model = apps.get_model("faq", "FaqItem")
    faq = [
        {"pk": item.pk, "fields": _columns(item, FAQ_COLUMNS)}
        for item in faq_model.objects.filter(article_id=article.pk).order_by("order", "pk")
    ]
    tables = []
    for table in (
        EntityTable.objects.filter(article_id=article.pk)
        .prefetch_related("rows__entity")
        .order_by("order", "pk")
    ):
        rows = [
            {
                "pk": row.pk,
                "fields": _columns(row, ROW_COLUMNS),
                "entity": _translated(row.entity, "name"),
            }
            for row in sorted(table.rows.all(), key=lambda row: (row.order, row.pk))
        ]
        tables.append({"pk": table.pk, "fields": _columns(table, TABLE_COLUMNS), "rows": rows})
    disclaimers = [
        {"pk": d.pk, "title": _translated(d, "title")}
        for d in article.disclaimers.order_by("order", "pk")
    ]
    updates = [
        {"pk": u.pk, "at": u.at.isoformat(), "fields": _columns(u, ["note", "kind"])}
        for u in article.updates.order_by("at", "pk")
    ]
    return {
        "tags": tags,
        "disclaimers": disclaimers,
        "faq": faq,
        "tables": tables,
        "updates": updates,
    }


@receiver(pre_create_historical_record)
def _record_version_and_related(sender, instance, history_instance, **kwargs):
    from articles.models import Article

    if isinstance(instance, Article):
        history_instance.article_version = instance.version
        # The related content as it is now; callers that save related objects
        # after the article re-take it (``record_related``).
        history_instance.related_content = snapshot(instance) if instance.pk else None


def record_related(article) -> None:
    """After related objects were saved: the newest revision records them."""
    latest = article.history.order_by("-history_id").first()
    if latest is not None:
        latest.related_content = snapshot(article)
        latest.save(update_fields=["related_content"])


def record_related_change(article) -> None:
    """Related content changed without the article being saved (the FAQ or
    entity-table admin, an entity renamed): a new revision records it."""
    from simple_history.models import HistoricalRecords

    history = type(article).history
    latest = history.filter(id=article.pk).order_by("-history_id").first()
    if latest is None or latest.related_content is None or latest.history_type == "-":
        return
    content = snapshot(article)
    if content == latest.related_content:
        return
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    record = history.model(
        history_date=timezone.now(),
        history_type="~",
        history_user=user if user is not None and user.is_authenticated else None,
        article_version=article.version,
        related_content=content,
        **{f.attname: getattr(article, f.attname) for f in history.model.tracked_fields},
    )
    record.save()


def snapshot_index(content: dict | None) -> dict:
    """(model label, pk) -> the columns recorded for that related object."""
    index = {}
    if not content:
        return index
    for tag in content.get("tags", []):
        index[("articles.taggedarticle", tag["pk"])] = tag["fields"]
    for item in content.get("faq", []):
        index[("faq.faqitem", item["pk"])] = item["fields"]
    for table in content.get("tables", []):
        index[("articles.entitytable", table["pk"])] = table["fields"]
        for row in table["rows"]:
            index[("articles.entityrow", row["pk"])] = row["fields"]
    for update in content.get("updates", []):
        index[("articles.articleupdate", update["pk"])] = update["fields"]
    return index


def unchanged_since(index: dict, obj) -> bool:
    """``obj`` (a related object about to be saved) has the values recorded in ``index``."""
    recorded = index.get((obj._meta.label_lower, obj.pk))
    if recorded is None:
        return False
    return all(same(getattr(obj, column, None), value) for column, value in recorded.items())


def same(a, b) -> bool:
    if isinstance(a, datetime) or isinstance(b, datetime):
        return _minute_precision(a) == _minute_precision(b)
    return normalise(a) == normalise(b)


def normalise(value):
    """None is the empty text, and browsers send textareas with CRLF line ends."""
    if value is None:
        return ""
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


def _minute_precision(value):
    # Forms send times to the second; history keeps microseconds.
    return value.replace(microsecond=0) if isinstance(value, datetime) else value


# ---------------------------------------------------------------- revisions


def rows_of(article_pk):
    """Every revision of an article, oldest first, numbered from 1."""
    from articles.models import Article

    records = list(
        Article.history.filter(id=article_pk).select_related("history_user").order_by("history_id")
    )
    for number, record in enumerate(records, start=1):
        record.number = number
    return records


def number_of(record) -> int:
    return type(record).objects.filter(id=record.id, history_id__lte=record.history_id).count()


def who(record) -> str:
    user = record.history_user
    if user is None:
        return _("someone (an import or a script)")
    return user.get_full_name() or user.get_username()


def when(moment: datetime) -> str:
    """A time in the site's zone, as editors read it."""
    local = timezone.localtime(moment)
    return f"{local:%Y-%m-%d %H:%M} ({timezone.get_current_timezone_name()})"


# ------------------------------------------------------------------ sections

# Reader-visible article fields, in the order of the page.
TEXT_FIELDS = [
    "title",
    "summary",
    "insight",
    "body",
    "editor_note",
    "correction_note",
    "seo_description",
    "cover_alt",
    "author",
]
PLAIN_FIELDS = ["slug", "status", "published_at", "cover", "ai_assisted", "corrected_at"]
# Columns a revert restores: the content, not where or whether it is published.
RESTORED_FIELDS = [
    *(build_localized_fieldname(name, code) for name in TEXT_FIELDS for code in LANGUAGE_CODES),
    "cover",
    "ai_assisted",
    "corrected_at",
]


@dataclass
class Section:
    key: str
    label: str
    language: str | None
    text: str


def plain_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return when(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _plain(record, name) -> str:
    from articles.models import Article

    value = getattr(record, name, None)
    if name == "status" and value:
        return str(Article.Status(value).label)
    return plain_value(value)


def _related_text(content: dict, kind: str, code: str) -> str:
    if kind == "tags":
        return "\n".join(tag["name"].get(code) or tag["slug"] for tag in content["tags"])
    if kind == "disclaimers":
        return "\n".join(d["title"].get(code) or "" for d in content["disclaimers"])
    if kind == "faq":
        blocks = []
        for number, item in enumerate(content["faq"], start=1):
            f = item["fields"]
            question = f.get(build_localized_fieldname("question", code), "")
            answer = f.get(build_localized_fieldname("answer", code), "")
            blocks.append(f"{number}. {question}\n{answer}")
        return "\n\n".join(blocks)
    if kind == "tables":
        blocks = []
        for number, table in enumerate(content["tables"], start=1):
            f = table["fields"]
            lines = [
                f"[[entities:{number}]] {f.get(build_localized_fieldname('caption', code), '')}"
            ]
            for row in table["rows"]:
                r = row["fields"]
                lines.append(
                    " | ".join(
                        [
                            row["entity"].get(code) or row["entity"].get(LANGUAGE_CODES[0], ""),
                            r.get(build_localized_fieldname("role", code), ""),
                            r.get(build_localized_fieldname("note", code), ""),
                        ]
                    )
                )
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)
    if kind == "updates":
        return "\n".join(
            f"{when(datetime.fromisoformat(u['at']))} "
            f"{u['fields'].get(build_localized_fieldname('note', code), '')}"
            for u in content["updates"]
        )
    raise ValueError(kind)


RELATED_LABELS = {
    "tags": gettext_lazy("tags"),
    "disclaimers": gettext_lazy("extra disclaimers"),
    "faq": gettext_lazy("FAQ"),
    "tables": gettext_lazy("entity tables"),
    "updates": gettext_lazy("public change log"),
}


def sections(record) -> list[Section]:
    """Everything a reader sees in revision ``record``, as comparable texts."""
    from articles.models import Article

    result = []
    for name in TEXT_FIELDS:
        label = str(Article._meta.get_field(name).verbose_name)
        for code in LANGUAGE_CODES:
            column = build_localized_fieldname(name, code)
            result.append(Section(column, label, code, normalise(getattr(record, column))))
    for name in PLAIN_FIELDS:
        label = str(Article._meta.get_field(name).verbose_name)
        result.append(Section(name, label, None, _plain(record, name)))
    content = record.related_content
    for kind, label in RELATED_LABELS.items():
        for code in LANGUAGE_CODES:
            text = _related_text(content, kind, code) if content else _("(not recorded)")
            result.append(Section(f"{kind}_{code}", str(label), code, text))
    return result


# -------------------------------------------------------------------- diff

# Han, kana, Hangul and CJK punctuation: one token per character, as Chinese
# has no spaces between words; Latin text is compared word by word.
CJK = "\u2e80-\u2fff\u3000-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
TOKEN = re.compile(rf"[{CJK}]|[^\W{CJK}]+|\s+|[^\w\s]", re.UNICODE)


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def _mark(tag: str, text: str) -> str:
    return f"<{tag}>{html.escape(text)}</{tag}>" if text else ""


def _opcodes(a: list[str], b: list[str]) -> list[tuple]:
    """difflib's opcodes, with a lone space between two changes folded into
    them, so "My new summary" reads as one change, not three."""
    raw = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    merged = []
    for index, (tag, i1, i2, j1, j2) in enumerate(raw):
        inner = 0 < index < len(raw) - 1  # a change on each side
        if tag == "equal" and inner and all(t.isspace() for t in a[i1:i2]):
            tag = "replace"
        if tag != "equal" and merged and merged[-1][0] != "equal":
            _tag, p1, _p2, q1, _q2 = merged.pop()
            merged.append(("replace", p1, i2, q1, j2))
        else:
            merged.append((tag, i1, i2, j1, j2))
    return merged


def _token_diff(old: str, new: str) -> tuple[str, str]:
    a, b = tokens(old), tokens(new)
    old_html, new_html = [], []
    for op, i1, i2, j1, j2 in _opcodes(a, b):
        if op == "equal":
            old_html.append(html.escape("".join(a[i1:i2])))
            new_html.append(html.escape("".join(b[j1:j2])))
        else:
            old_html.append(_mark("del", "".join(a[i1:i2])))
            new_html.append(_mark("ins", "".join(b[j1:j2])))
    return "".join(old_html), "".join(new_html)


def diff_texts(old: str, new: str) -> tuple[SafeString, SafeString]:
    """Both texts in full, as HTML, with what was removed in ``<del>`` and what
    was added in ``<ins>``: lines are matched first, then changed lines word by
    word (character by character in CJK runs)."""
    old, new = normalise(old), normalise(new)
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    old_html, new_html = [], []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            old_html.append(html.escape("".join(a[i1:i2])))
            new_html.append(html.escape("".join(b[j1:j2])))
        elif op == "replace":
            left, right = _token_diff("".join(a[i1:i2]), "".join(b[j1:j2]))
            old_html.append(left)
            new_html.append(right)
        elif op == "delete":
            old_html.append(_mark("del", "".join(a[i1:i2])))
        else:
            new_html.append(_mark("ins", "".join(b[j1:j2])))
    return mark_safe("".join(old_html)), mark_safe("".join(new_html))  # escaped above


def inline_diff(old: str, new: str) -> SafeString:
    """One text: the new one, with what was removed shown in place."""
    old, new = normalise(old), normalise(new)
    a, b = tokens(old), tokens(new)
    parts = []
    for op, i1, i2, j1, j2 in _opcodes(a, b):
        if op == "equal":
            parts.append(html.escape("".join(b[j1:j2])))
        else:
            parts.append(_mark("del", "".join(a[i1:i2])) + _mark("ins", "".join(b[j1:j2])))
    return mark_safe("".join(parts))  # escaped above


@dataclass
class Change:
    key: str
    label: str
    language: str | None
    old_html: SafeString
    new_html: SafeString
    old_empty: bool
    new_empty: bool

    @property
    def lang(self) -> str | None:
        return html_lang(self.language) if self.language else None


@dataclass
class Comparison:
    old: object
    new: object
    changes: list[Change] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def compare(old_record, new_record) -> Comparison:
    """Every section that differs between two revisions, in full, side by side."""
    comparison = Comparison(old_record, new_record)
    unchanged_labels = []
    for before, after in zip(sections(old_record), sections(new_record), strict=True):
        if before.text == after.text:
            label = _label(before)
            if label not in unchanged_labels:
                unchanged_labels.append(label)
            continue
        old_html, new_html = diff_texts(before.text, after.text)
        comparison.changes.append(
            Change(
                before.key,
                before.label,
                before.language,
                old_html,
                new_html,
                not before.text,
                not after.text,
            )
        )
    changed_labels = {_label(change) for change in comparison.changes}
    comparison.unchanged = [label for label in unchanged_labels if label not in changed_labels]
    return comparison


def _label(section) -> str:
    return f"{section.label} ({section.language})" if section.language else section.label


def changed_labels(old_record, new_record) -> list[str]:
    """Short names of what changed, for the history list."""
    labels = []
    old_sections = sections(old_record) if old_record is not None else None
    for index, after in enumerate(sections(new_record)):
        if old_sections is not None and old_sections[index].text == after.text:
            continue
        if old_sections is None and not after.text:
            continue
        label = _label(after)
        if label not in labels:
            labels.append(label)
    return labels


# ------------------------------------------------------------------ revert


@dataclass
class RevertResult:
    article: object
    target: object
    previous_number: int
    skipped_rows: int = 0


def revert(article, target, *, user=None) -> RevertResult:
    """Make ``target``'s content the article's again, as a new revision; the
    revision it replaces stays in the history. Publishing state and the slug
    are kept (a revert must not unpublish or move a live page)."""
    from articles import services
    from articles.models import Article

    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        previous_number = type(target).objects.filter(id=article.pk).count()
        for column in RESTORED_FIELDS:
            setattr(article, column, getattr(target, column))
        number = number_of(target)
        article._change_reason = _("Reverted to revision %(number)d") % {"number": number}
        if user is not None:
            article._history_user = user
        article.save()
        skipped = 0
        if target.related_content is not None:
            skipped = restore_related(article, target.related_content)
        services.article_sync_entity_tags(article=article)
        record_related(article)
        services.article_changed(article=article)
    return RevertResult(article, target, previous_number, skipped)


def _restore(model, pk, values: dict, **fixed):
    obj = model.objects.filter(pk=pk, **fixed).first() or model(**fixed)
    for column, value in values.items():
        setattr(obj, column, value)
    obj.save()
    return obj


def restore_related(article, content: dict) -> int:
    """The related objects as recorded; returns rows skipped because their
    entity no longer exists."""
    from articles.models import Entity, EntityRow, EntityTable, Tag, TaggedArticle

    faq_model = apps.get_model("faq", "FaqItem")
    kept = [item["pk"] for item in content["faq"]]
    faq_model.objects.filter(article_id=article.pk).exclude(pk__in=kept).delete()
    for item in content["faq"]:
        _restore(faq_model, item["pk"], item["fields"], article_id=article.pk)

    skipped = 0
    kept = [table["pk"] for table in content["tables"]]
    EntityTable.objects.filter(article_id=article.pk).exclude(pk__in=kept).delete()
    entities = set(Entity.objects.values_list("pk", flat=True))
    for recorded in content["tables"]:
        table = _restore(EntityTable, recorded["pk"], recorded["fields"], article_id=article.pk)
        rows = [row for row in recorded["rows"] if row["fields"]["entity_id"] in entities]
        skipped += len(recorded["rows"]) - len(rows)
        EntityRow.objects.filter(table=table).exclude(pk__in=[r["pk"] for r in rows]).delete()
        for row in rows:
            _restore(EntityRow, row["pk"], row["fields"], table_id=table.pk)

    # Plain tags; entity tags follow the tables (article_sync_entity_tags).
    tag_ids = set(
        Tag.objects.filter(
            pk__in=[tag["fields"]["tag_id"] for tag in content["tags"]], entity__isnull=True
        ).values_list("pk", flat=True)
    )
    links = TaggedArticle.objects.filter(content_object_id=article.pk, tag__entity__isnull=True)
    links.exclude(tag_id__in=tag_ids).delete()
    article.tags.add(*Tag.objects.filter(pk__in=tag_ids))

    from articles.models import Disclaimer

    article.disclaimers.set(
        Disclaimer.objects.filter(pk__in=[d["pk"] for d in content["disclaimers"]])
    )
    return skipped
