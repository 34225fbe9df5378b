"""Articles as files: one Markdown file per article, both languages inside.

The format (documented in docs/import-format.md)::

    ---
    slug: open-models
    title: {zh-hans: 开源模型…, en: Open models…}
    …                      # YAML front matter: every short field
    ---

    <!-- geo:body zh-hans -->

    Chinese Markdown…

    <!-- geo:body en -->

    English Markdown…

Long Markdown fields (insight, body, editor_note) live below the front matter
after a marker line each, so they stay readable and diffable. Exporting,
importing into an empty database and exporting again gives identical files.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.dateparse import parse_datetime
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from articles import images, revisions, services
from articles.models import Article, Disclaimer, Entity, EntityRow, EntityTable, Tag
from geo.i18n import LANGUAGE_CODES

MARKDOWN_FIELDS = ("insight", "body", "editor_note", "correction_note")
SHORT_TEXT_FIELDS = ("title", "author", "summary", "seo_description")
FRONT_MATTER_KEYS = {
    "slug",
    "status",
    "published_at",
    "updated_at",
    "corrected_at",
    "ai_assisted",
    *SHORT_TEXT_FIELDS,
    "cover",
    "tags",
    "disclaimers",
    "entities",
    "entity_tables",
    "faq",
}
MARKER = re.compile(r"^<!-- geo:(?P<field>[a-z_]+) (?P<lang>[a-z-]+) -->$", re.MULTILINE)


class ArticleFileError(Exception):
    """A file that cannot be imported; names the file and the field at fault."""

    def __init__(self, path, field, message):
        self.path, self.field, self.message = path, field, message
        super().__init__(f"{path}: {field}: {message}" if field else f"{path}: {message}")


@dataclass
class Document:
    front: dict
    markdown: dict  # {("body", "en"): "…"}


# ---------------------------------------------------------------- text form


def parse_document(text: str, path="<text>") -> Document:
    text = text.replace("\r\n", "\n")
    if not text.startswith("---\n"):
        raise ArticleFileError(path, None, "the file must start with a '---' front matter line")
    try:
        front_text, rest = text[4:].split("\n---\n", 1)
    except ValueError:
        raise ArticleFileError(path, None, "the front matter has no closing '---' line") from None
    try:
        front = yaml.safe_load(front_text) or {}
    except yaml.YAMLError as error:
        raise ArticleFileError(
            path, None, f"the front matter is not valid YAML ({error})"
        ) from None
    if not isinstance(front, dict):
        raise ArticleFileError(path, None, "the front matter must be a mapping of fields")
    unknown = sorted(set(front) - FRONT_MATTER_KEYS)
    if unknown:
        raise ArticleFileError(path, unknown[0], "unknown field")

    markdown = {}
    matches = list(MARKER.finditer(rest))
    if rest[: matches[0].start() if matches else len(rest)].strip():
        raise ArticleFileError(
            path, None, "text after the front matter must follow a '<!-- geo:FIELD LANG -->' line"
        )
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(rest)
        field, lang = match["field"], match["lang"]
        if field not in MARKDOWN_FIELDS:
            raise ArticleFileError(
                path, field, f"unknown Markdown field (use one of {', '.join(MARKDOWN_FIELDS)})"
            )
        if lang not in LANGUAGE_CODES:
            raise ArticleFileError(
                path, f"{field}.{lang}", f"unknown language (use {' or '.join(LANGUAGE_CODES)})"
            )
        if (field, lang) in markdown:
            raise ArticleFileError(path, f"{field}.{lang}", "appears twice")
        chunk = rest[match.end() : end]
        markdown[(field, lang)] = chunk.strip("\n").rstrip()
    return Document(front, markdown)


def render_document(document: Document) -> str:
    front = yaml.safe_dump(
        document.front, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False
    )
    parts = [f"---\n{front}---\n"]
    for field in MARKDOWN_FIELDS:
        for lang in LANGUAGE_CODES:
            value = document.markdown.get((field, lang), "")
            if value:
                parts.append(f"\n<!-- geo:{field} {lang} -->\n\n{value}\n")
    return "".join(parts)


# ------------------------------------------------------------------- export


def _translations(obj, field) -> dict:
    values = {
        lang: _norm(getattr(obj, build_localized_fieldname(field, lang))) for lang in LANGUAGE_CODES
    }
    return {lang: value for lang, value in values.items() if value}


def _norm(value) -> str:
    return (value or "").replace("\r\n", "\n").strip("\n").rstrip()


def _timestamp(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value else None


def article_to_document(article: Article, cover_name: str | None) -> Document:
    front = {"slug": article.slug, "status": article.status}
    front["published_at"] = _timestamp(article.published_at)
    front["updated_at"] = _timestamp(article.updated_at)
    if article.corrected_at:
        front["corrected_at"] = _timestamp(article.corrected_at)
    front["ai_assisted"] = article.ai_assisted
    for field in SHORT_TEXT_FIELDS:
        if values := _translations(article, field):
            front[field] = values
    if cover_name:
        front["cover"] = {"file": cover_name, "alt": _translations(article, "cover_alt")}
    tables = list(article.entity_tables.prefetch_related("rows__entity").order_by("order", "pk"))
    entities = {row.entity.slug: row.entity for table in tables for row in table.rows.all()}
    plain_tags = article.tags.filter(entity__isnull=True).order_by("slug")
    if plain_tags:
        front["tags"] = [
            {"slug": tag.slug, "name": _translations(tag, "name")} for tag in plain_tags
        ]
    if disclaimers := list(article.disclaimers.order_by("key").values_list("key", flat=True)):
        front["disclaimers"] = disclaimers
    if entities:
        front["entities"] = [_entity_to_dict(entities[slug]) for slug in sorted(entities)]
    if tables:
        front["entity_tables"] = [_table_to_dict(table) for table in tables]
    if faq := list(article.faq_items.order_by("order", "pk")):
        front["faq"] = [
            {
                "key": item.key,
                "question": _translations(item, "question"),
                "answer": _translations(item, "answer"),
            }
            for item in faq
        ]
    markdown = {
        (field, lang): _norm(getattr(article, build_localized_fieldname(field, lang)))
        for field in MARKDOWN_FIELDS
        for lang in LANGUAGE_CODES
    }
    return Document(front, markdown)


def _entity_to_dict(entity: Entity) -> dict:
    data = {"slug": entity.slug, "kind": entity.kind, "name": _translations(entity, "name")}
    if description := _translations(entity, "description"):
        data["description"] = description
    if entity.website:
        data["website"] = entity.website
    if entity.wikidata_id:
        data["wikidata_id"] = entity.wikidata_id
    return data


def _table_to_dict(table: EntityTable) -> dict:
    data = {"caption": _translations(table, "caption")}
    labels = {
        key: values
        for key in ("entity", "role", "note")
        if (values := _translations(table, f"{key}_label"))
    }
    if labels:
        data["labels"] = labels
    data["rows"] = []
    for row in table.rows.all():
        item = {"entity": row.entity.slug}
        for field in ("role", "note"):
            if values := _translations(row, field):
                item[field] = values
        data["rows"].append(item)
    return data


def export_article(article: Article, directory: Path) -> Path:
    cover_name = None
    if article.cover:
        cover_name = f"covers/{article.slug}{Path(article.cover.name).suffix.lower()}"
        (directory / "covers").mkdir(parents=True, exist_ok=True)
        with article.cover.open("rb") as source:
            (directory / cover_name).write_bytes(source.read())
    path = directory / f"{article.slug}.md"
    path.write_text(render_document(article_to_document(article, cover_name)), encoding="utf-8")
    return path


# ------------------------------------------------------------------- import


class _Reader:
    """Typed access to front-matter values, with errors naming the field; it
    also remembers the files written, to remove them if the import fails."""

    def __init__(self, path):
        self.path = path
        self.written_files = []

    def discard_written_files(self):
        for storage, name in self.written_files:
            storage.delete(name)

    def fail(self, field, message):
        raise ArticleFileError(self.path, field, message)

    def mapping(self, value, field, required=False) -> dict:
        if value is None and not required:
            return {}
        if not isinstance(value, dict):
            self.fail(field, "must be a mapping")
        return value

    def items(self, value, field) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(field, "must be a list")
        return value

    def text(self, value, field, required=False) -> str:
        if value is None or value == "":
            if required:
                self.fail(field, "is required")
            return ""
        if not isinstance(value, (str, int, float)):
            self.fail(field, "must be text")
        return str(value)

    def translated(self, value, field, required=()) -> dict:
        """``{"zh-hans": …, "en": …}`` → ``{"title_zh_hans": …, "title_en": …}``-style columns."""
        values = self.mapping(value, field, required=bool(required))
        for lang in values:
            if lang not in LANGUAGE_CODES:
                self.fail(
                    f"{field}.{lang}", f"unknown language (use {' or '.join(LANGUAGE_CODES)})"
                )
        return {
            lang: _norm(self.text(values.get(lang), f"{field}.{lang}", lang in required))
            for lang in LANGUAGE_CODES
        }

    def timestamp(self, value, field) -> datetime | None:
        if value in (None, ""):
            return None
        parsed = value if isinstance(value, datetime) else parse_datetime(str(value))
        if parsed is None:
            self.fail(field, "must be a date and time like 2026-11-01T08:00:00+00:00")
        if parsed.tzinfo is None:
            self.fail(field, "needs a time zone, e.g. +00:00 or +08:00")
        return parsed


def _set_translated(obj, field, values: dict):
    for lang, value in values.items():
        setattr(obj, build_localized_fieldname(field, lang), value)


def _full_clean(obj, path, prefix, exclude=()):
    # Validate the per-language columns only: the plain field (e.g. ``summary``)
    # mirrors one of them and would hide which language is at fault.
    exclude = [*exclude, *translator.get_options_for_model(type(obj)).all_fields]
    try:
        obj.full_clean(exclude=exclude, validate_unique=True)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        if field == "__all__":
            raise ArticleFileError(path, prefix.rstrip(".") or None, " ".join(messages)) from None
        # title_zh_hans → title.zh-hans, as the file spells it
        field = re.sub(r"_(zh_hans|en)$", lambda m: "." + m[1].replace("_", "-"), field)
        raise ArticleFileError(path, f"{prefix}{field}", " ".join(messages)) from None


@dataclass
class ImportReport:
    """What importing one file did: the article, and the shared entities
    (used by other articles too) whose fields it changed, by slug."""

    article: Article
    entity_changes: dict[str, list[str]]


def import_article_file(path: Path) -> ImportReport:
    """Create or update (by slug) one article from its file; all or nothing,
    on disk too: a cover written for a file that then fails is removed."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ArticleFileError(path, None, f"cannot be read ({error})") from None
    document = parse_document(text, path)
    read = _Reader(path)
    try:
        with transaction.atomic():
            return _import_document(document, read)
    except IntegrityError as error:
        # A clash the checks above did not foresee still fails this file only.
        read.discard_written_files()
        raise ArticleFileError(path, None, f"conflicts with existing data ({error})") from None
    except BaseException:
        read.discard_written_files()
        raise


def _import_document(document: Document, read: "_Reader") -> ImportReport:
    path = read.path
    front = document.front
    slug = read.text(front.get("slug"), "slug")
    article = Article.objects.filter(slug=slug).first() if slug else None
    article = article or Article(slug=slug)

    status = read.text(front.get("status"), "status") or Article.Status.DRAFT
    if status not in Article.Status.values:
        read.fail("status", f"must be one of {', '.join(Article.Status.values)}")
    article.status = status
    article.published_at = read.timestamp(front.get("published_at"), "published_at")
    if updated := read.timestamp(front.get("updated_at"), "updated_at"):
        article.updated_at = updated
    article.corrected_at = read.timestamp(front.get("corrected_at"), "corrected_at")
    article.ai_assisted = front.get("ai_assisted", False)
    if not isinstance(article.ai_assisted, bool):
        read.fail("ai_assisted", "must be true or false")
    required = {"title": ("zh-hans",), "summary": ("zh-hans",)}
    for field in SHORT_TEXT_FIELDS:
        _set_translated(
            article, field, read.translated(front.get(field), field, required.get(field, ()))
        )
    for field in MARKDOWN_FIELDS:
        for lang in LANGUAGE_CODES:
            setattr(
                article,
                build_localized_fieldname(field, lang),
                document.markdown.get((field, lang), ""),
            )
    if not article.body_zh_hans:
        read.fail("body.zh-hans", "is required (a '<!-- geo:body zh-hans -->' section)")

    cover = read.mapping(front.get("cover"), "cover")
    _set_translated(article, "cover_alt", read.translated(cover.get("alt"), "cover.alt"))
    cover_bytes = _read_cover(read, path, cover)
    if article.status == Article.Status.PUBLISHED and article.published_at is None:
        read.fail("published_at", "is required for a published article")
    _full_clean(article, path, "", exclude=["cover"])
    if cover_bytes is not None:
        name, data = cover_bytes
        if not article.cover or _digest_of(article.cover) != hashlib.sha256(data).hexdigest():
            article.cover.save(name, ContentFile(data), save=False)
            read.written_files.append((article.cover.storage, article.cover.name))
    else:
        article.cover = ""
    article.save()
    for name in getattr(article, "renditions_written", ()):
        read.written_files.append((article.cover.storage, name))

    _import_tags(read, article, front)
    _import_disclaimers(read, article, front)
    entities, entity_changes = _import_entities(read, front)
    _import_tables(read, article, front, entities)
    _import_faq(read, article, front)
    services.article_sync_entity_tags(article=article)
    revisions.record_related(article)
    services.article_changed(article=article)
    for entity in entities.values():
        if entity_changes.get(entity.slug):
            # Other articles show the entity too (their tables, its page).
            for other in Article.objects.filter(entity_tables__rows__entity=entity).distinct():
                services.article_changed(article=other)
    return ImportReport(article, entity_changes)


def _read_cover(read, path, cover):
    if not cover.get("file"):
        return None
    file = path.parent / read.text(cover["file"], "cover.file")
    if not file.is_file():
        read.fail("cover.file", f"no such file: {file}")
    data = file.read_bytes()
    # Checked like an upload (format, size, pixels, decodes), but not
    # re-encoded: an export must import to the same bytes.
    try:
        images.check(data)
    except ValidationError as error:
        read.fail("cover.file", f"{file.name}: {' '.join(error.messages)}")
    return f"{path.stem}{file.suffix.lower()}", data


def _digest_of(field_file) -> str:
    try:
        with field_file.open("rb") as source:
            return hashlib.sha256(source.read()).hexdigest()
    except OSError:
        return ""


def _import_tags(read, article, front):
    tags = []
    for i, item in enumerate(read.items(front.get("tags"), "tags")):
        item = read.mapping(item, f"tags[{i}]", required=True)
        slug = read.text(item.get("slug"), f"tags[{i}].slug")
        names = read.translated(item.get("name"), f"tags[{i}].name", required=("zh-hans",))
        tag = Tag.objects.filter(slug=slug).first() if slug else None
        tag = tag or Tag(slug=slug)
        _set_translated(tag, "name", names)
        _full_clean(tag, read.path, f"tags[{i}].", exclude=[] if slug else ["slug"])
        tag.save()
        tags.append(tag)
    # Entity tags follow the tables (services.article_sync_entity_tags, below).
    article.tags.set(tags)


def _import_disclaimers(read, article, front):
    keys = [
        read.text(key, "disclaimers") for key in read.items(front.get("disclaimers"), "disclaimers")
    ]
    found = {d.key: d for d in Disclaimer.objects.filter(key__in=keys)}
    for key in keys:
        if key not in found:
            read.fail("disclaimers", f"no disclaimer with key '{key}'")
    article.disclaimers.set(found.values())


def _import_entities(read, front) -> tuple[dict, dict]:
    """The file's entities by slug, and what it changed in ones that existed.

    Entities are shared by every article that shows them, so the file sets
    only what it mentions: a field or a language it leaves out keeps its value."""
    entities, changes = {}, {}
    for i, item in enumerate(read.items(front.get("entities"), "entities")):
        field = f"entities[{i}]"
        item = read.mapping(item, field, required=True)
        slug = read.text(item.get("slug"), f"{field}.slug", required=True)
        entity = Entity.objects.filter(slug=slug).first()
        before = _entity_values(entity) if entity else None
        entity = entity or Entity(slug=slug, kind=Entity.Kind.ORGANISATION)
        if "kind" in item:
            entity.kind = read.text(item["kind"], f"{field}.kind") or Entity.Kind.ORGANISATION
        for name in ("name", "description"):
            given = read.mapping(item.get(name), f"{field}.{name}", required=name == "name")
            values = read.translated(
                item.get(name), f"{field}.{name}", ("zh-hans",) if name == "name" else ()
            )
            _set_translated(entity, name, {lang: values[lang] for lang in given})
        for name in ("website", "wikidata_id"):
            if name in item:
                setattr(entity, name, read.text(item[name], f"{field}.{name}"))
        _full_clean(entity, read.path, f"{field}.", exclude=["tag"])
        entity.save()
        entities[slug] = entity
        if before is not None:
            after = _entity_values(entity)
            if changed := [key for key in after if after[key] != before[key]]:
                changes[slug] = changed
    return entities, changes


def _entity_values(entity: Entity) -> dict:
    """The entity's imported fields as the file spells them (``name.en``…)."""
    values = {"kind": entity.kind, "website": entity.website, "wikidata_id": entity.wikidata_id}
    for name in ("name", "description"):
        for lang in LANGUAGE_CODES:
            values[f"{name}.{lang}"] = getattr(entity, build_localized_fieldname(name, lang)) or ""
    return values


def _import_tables(read, article, front, entities):
    article.entity_tables.all().delete()
    for i, item in enumerate(read.items(front.get("entity_tables"), "entity_tables")):
        field = f"entity_tables[{i}]"
        item = read.mapping(item, field, required=True)
        table = EntityTable(article=article, order=i)
        _set_translated(
            table,
            "caption",
            read.translated(item.get("caption"), f"{field}.caption", required=("zh-hans",)),
        )
        labels = read.mapping(item.get("labels"), f"{field}.labels")
        for key in ("entity", "role", "note"):
            _set_translated(
                table, f"{key}_label", read.translated(labels.get(key), f"{field}.labels.{key}")
            )
        _full_clean(table, read.path, f"{field}.", exclude=["article"])
        table.save()
        for j, row_item in enumerate(read.items(item.get("rows"), f"{field}.rows")):
            row_field = f"{field}.rows[{j}]"
            row_item = read.mapping(row_item, row_field, required=True)
            slug = read.text(row_item.get("entity"), f"{row_field}.entity", required=True)
            entity = entities.get(slug) or Entity.objects.filter(slug=slug).first()
            if entity is None:
                read.fail(f"{row_field}.entity", f"no entity '{slug}' (define it under 'entities')")
            row = EntityRow(table=table, entity=entity, order=j)
            _set_translated(row, "role", read.translated(row_item.get("role"), f"{row_field}.role"))
            _set_translated(row, "note", read.translated(row_item.get("note"), f"{row_field}.note"))
            _full_clean(row, read.path, f"{row_field}.", exclude=["table", "entity"])
            row.save()


def _import_faq(read, article, front):
    article.faq_items.all().delete()
    for i, item in enumerate(read.items(front.get("faq"), "faq")):
        field = f"faq[{i}]"
        item = read.mapping(item, field, required=True)
        # The faq app's model, through the article's reverse relation (faq
        # depends on articles, never the reverse).
        faq = article.faq_items.model(
            article=article, order=i, key=read.text(item.get("key"), f"{field}.key")
        )
        _set_translated(
            faq,
            "question",
            read.translated(item.get("question"), f"{field}.question", required=("zh-hans",)),
        )
        _set_translated(
            faq,
            "answer",
            read.translated(item.get("answer"), f"{field}.answer", required=("zh-hans",)),
        )
        _full_clean(faq, read.path, f"{field}.", exclude=["article"])
        faq.save()
