import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from articles import freshness, images
from articles.querysets import READABLE_FIELDS, ArticleQuerySet, is_live
from geo import validators
from geo.i18n import LANGUAGE_CODES
from geo.render_memo import new_stamp
from geo.slugs import AsciiSlugField, slugify_any, unique_slug

logger = logging.getLogger(__name__)


class Tag(TagBase):
    """A taggit tag whose name is translated (see translation.py)."""

    # taggit's slug allows any script; ours go into URLs, so ASCII only.
    slug = AsciiSlugField(
        _("slug"),
        unique=True,
        max_length=100,
        blank=True,
        help_text=_("ASCII only. Left empty, it is made from the name (Chinese in pinyin)."),
    )

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["slug"]

    def save(self, *args, **kwargs):
        # Names are unique per language: a missing translation is NULL, not "",
        # or a second tag without an English name could not be saved.
        for code in LANGUAGE_CODES:
            column = build_localized_fieldname("name", code)
            if getattr(self, column) == "":
                setattr(self, column, None)
        if not self.slug:
            self.slug = unique_slug(
                Tag.objects.exclude(pk=self.pk),
                self.name_zh_hans or self.name_en or self.name,
                max_length=100,
            )
        super().save(*args, **kwargs)

    def slugify(self, tag, i=None):
        # taggit's own slugify gives "" for Chinese names; use the site policy.
        base = slugify_any(self.name_zh_hans or self.name_en or tag, max_length=90)
        return f"{base}-{i}" if i else base

    def get_absolute_url(self):
        # An entity's tag lists the same articles as the entity page: link there.
        entity = getattr(self, "entity", None)
        if entity is not None:
            return entity.get_absolute_url()
        return reverse_or_none("articles:tag", self.slug)


def reverse_or_none(name: str, slug: str) -> str | None:
    """A tag or entity page's URL; None for a slug the URL rules refuse (a row
    written behind the site's back), so one bad row cannot take a list down."""
    try:
        return reverse(name, kwargs={"slug": slug})
    except NoReverseMatch:
        logger.warning("No URL for %s with slug %r: fix the slug in the admin", name, slug)
        return None


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_articles")

    class Meta:
        verbose_name = _("article tag")
        verbose_name_plural = _("article tags")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="tagged_article_once")
        ]
        # A tag's or entity's list walks its links by tag.
        indexes = [models.Index(fields=["tag", "content_object"], name="tagged_article_by_tag")]


class DisclaimerQuerySet(models.QuerySet):
    def for_article(self, article):
        """Active disclaimers for ``article``: every-article ones plus its own picks;
        the AI-assisted notice only on AI-assisted articles."""
        chosen = Q(applies_to_all=True) | Q(pk__in=article.disclaimers.values("pk"))
        shown = self.filter(chosen, active=True)
        if not article.ai_assisted:
            shown = shown.exclude(kind=Disclaimer.Kind.AI_ASSISTED)
        return shown.order_by("order", "pk")


class Disclaimer(models.Model):
    class Kind(models.TextChoices):
        COPYRIGHT = "copyright", _("Copyright and trademarks")
        NOT_ADVICE = "not-advice", _("Not professional advice")
        AI_ASSISTED = "ai-assisted", _("AI-assisted content")
        REMOVAL = "removal", _("Removal and correction requests")
        PERSONAL_DATA = "personal-data", _("Personal data warning")
        OTHER = "other", _("Other")

    key = models.SlugField(
        _("key"), max_length=50, unique=True, help_text=_("Stable name used by import files.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"), help_text=_("Markdown."))
    applies_to_all = models.BooleanField(
        _("shown on every article"),
        default=False,
        help_text=_("Otherwise shown only on the articles that choose it."),
    )
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = DisclaimerQuerySet.as_manager()

    class Meta:
        verbose_name = _("disclaimer")
        verbose_name_plural = _("disclaimers")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


class Entity(models.Model):
    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation")
        PRODUCT = "product", _("Product")
        PERSON = "person", _("Person")
        PLACE = "place", _("Place")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=100)
    slug = AsciiSlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("ASCII only. Left empty, it is made from the name (Chinese in pinyin)."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.ORGANISATION)
    description = models.TextField(_("description"), blank=True)
    website = validators.WebURLField(_("website"), blank=True)
    wikidata_id = models.CharField(
        _("Wikidata id"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^Q[1-9]\d*$", _("A Wikidata id looks like Q42."))],
    )
    # The entity's articles are the articles with this tag.
    tag = models.OneToOneField(Tag, on_delete=models.PROTECT, related_name="entity", editable=False)

    class Meta:
        verbose_name = _("entity")
        verbose_name_plural = _("entities")
        ordering = ["slug"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                Entity.objects.exclude(pk=self.pk),
                self.name_zh_hans or self.name_en,
                max_length=100,
            )
        self._sync_tag()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse_or_none("articles:entity", self.slug)

    def clean(self):
        super().clean()
        # The entity's tag carries its names, and tag names are unique per language.
        for code in LANGUAGE_CODES:
            column = build_localized_fieldname("name", code)
            name = getattr(self, column)
            if name and Entity.objects.exclude(pk=self.pk).filter(**{column: name}).exists():
                raise ValidationError(
                    {column: _("Another entity has this name; add a detail to tell them apart.")}
                )

    def _sync_tag(self):
        """Keep the entity's tag named like the entity (derived data)."""
        tag = self.tag if self.tag_id else None
        if tag is None:
            # Adopt a plain tag of the same slug or name rather than clash with it.
            tag = Tag.objects.filter(
                Q(slug=self.slug) | Q(name_zh_hans=self.name_zh_hans), entity__isnull=True
            ).first() or Tag(slug=self.slug)
        tag.name_zh_hans = self.name_zh_hans
        tag.name_en = self.name_en
        tag.save()
        self.tag = tag


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Translated fields a reader sees (translation.py registers them).
    TRANSLATED_FIELDS = (
        "title",
        "summary",
        "insight",
        "body",
        "editor_note",
        "seo_description",
        "cover_alt",
        "author",
        "correction_note",
    )

    slug = AsciiSlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("ASCII only. Left empty, it is made from the title (Chinese in pinyin)."),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("AI summary (BLUF)"),
        validators=[MaxLengthValidator(settings.SUMMARY_MAX_LENGTH)],
        help_text=_(
            "Bottom line up front: a short, self-contained answer an answer engine can quote "
            "in one piece. Its first sentence should stand alone."
        ),
    )
    insight = models.TextField(
        _("key insights"), blank=True, help_text=_("Markdown, usually a bullet list.")
    )
    body = models.TextField(
        _("body"), help_text=_("Markdown: ## for sections, tables allowed, no HTML.")
    )
    editor_note = models.TextField(_("editor's commentary"), blank=True, help_text=_("Markdown."))
    seo_description = models.CharField(
        _("SEO description"),
        max_length=settings.META_DESCRIPTION_LENGTH,
        blank=True,
        help_text=_("Meta description; left empty, the summary is shortened at a sentence."),
    )
    author = models.CharField(_("author"), max_length=100, blank=True)
    cover = images.CoverField(_("cover image"), upload_to="covers/%Y/", blank=True)
    # The cover's responsive copies (articles/images.py), made when it changes.
    cover_renditions = models.JSONField(default=dict, blank=True, editable=False)
    cover_alt = models.CharField(_("cover alt text"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publish at"),
        null=True,
        blank=True,
        help_text=_("A future time schedules the article: it goes live by itself then."),
    )
    updated_at = models.DateTimeField(
        _("updated"),
        default=timezone.now,
        help_text=_("Set automatically when reader-visible content changes."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    ai_assisted = models.BooleanField(_("AI-assisted"), default=False)
    correction_note = models.TextField(
        _("correction note"),
        blank=True,
        help_text=_("Shown, dated, at the top of the article body (Markdown)."),
    )
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True)
    tags = TaggableManager(
        through=TaggedArticle, blank=True, verbose_name=_("tags"), ordering=["slug"]
    )
    disclaimers = models.ManyToManyField(
        Disclaimer,
        blank=True,
        verbose_name=_("extra disclaimers"),
        help_text=_("Shown in addition to the disclaimers shown on every article."),
        limit_choices_to={"applies_to_all": False, "active": True},
    )
    # Incremented on each save; the admin refuses a save based on an older one.
    version = models.PositiveIntegerField(default=0, editable=False)
    translation_edited = models.JSONField(default=dict, blank=True, editable=False)
    # Answer-readiness findings (articles/readiness.py), stored for the admin list.
    readiness = models.JSONField(default=list, blank=True, editable=False)
    # Replaced by the change hook whenever the article's page changes: its text,
    # FAQ, entity tables or change log (articles/page_parts.py remembers the
    # rendered page under it).
    page_stamp = models.CharField(max_length=16, default=new_stamp, editable=False)

    # ``history`` (django-simple-history) is registered in apps.py, after the
    # translated columns exist, so historical rows keep both languages.
    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-pk"]
        permissions = [("publish_article", _("Can publish, unpublish and withdraw articles"))]
        # Lists (newest first, keyset pages) and the next scheduled publication
        # are range scans of this index, never a scan of the table.
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="article_listing"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_article_has_date",
                violation_error_message=_("A published article needs a publish date."),
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                Article.objects.exclude(pk=self.pk),
                self.title_en or self.title_zh_hans,
                max_length=100,
            )
        now = timezone.now()
        loaded = getattr(self, "_loaded", {})
        edited = self._edited_text_columns()
        freshness.record_edits(self, edited, now)
        # Reader-visible text changed: bump the updated date, unless the caller set it.
        if loaded and edited and loaded.get("updated_at") == self.updated_at:
            self.updated_at = now
        self.version += 1
        images.keep_renditions(self)
        if kwargs.get("update_fields") is not None and "cover" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "cover_renditions"}
        super().save(*args, **kwargs)
        self._loaded = {f.attname: getattr(self, f.attname) for f in self._meta.concrete_fields}

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    @property
    def cover_image(self) -> "images.CoverImage | None":
        return images.cover_image(self)

    def get_twin_url(self):
        """The article's Markdown twin in the active language."""
        return reverse("articles:twin", kwargs={"slug": self.slug})

    def _edited_text_columns(self) -> list[str]:
        """Translated columns changed since loading (every non-empty one when new)."""
        loaded = getattr(self, "_loaded", None)
        columns = freshness.tracked_columns(self.TRANSLATED_FIELDS)
        if loaded is None:
            return [column for column in columns if getattr(self, column)]
        # None and "" are the same empty text (forms send "", the columns are nullable).
        return [
            column
            for column in columns
            if (loaded.get(column) or "") != (getattr(self, column) or "")
        ]

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        # Remember what was loaded, so save() can tell which texts changed.
        instance._loaded = dict(zip(field_names, values, strict=True))
        return instance

    @property
    def is_live(self) -> bool:
        return is_live(self)

    @property
    def tag_list(self) -> list["Tag"]:
        """The article's tags by slug, from the ``for_listing``/``for_detail`` prefetch."""
        links = getattr(self, "tag_links", None)
        if links is None:
            return list(self.tags.select_related("entity").order_by("slug"))
        return [link.tag for link in links]

    def has_language(self, language: str) -> bool:
        """Readable in ``language``: title, summary and body exist there."""
        return all(getattr(self, build_localized_fieldname(f, language)) for f in READABLE_FIELDS)

    @property
    def date_modified(self):
        """The last reader-visible change: the updated date or the newest change-log line."""
        dates = [self.updated_at, self.published_at, *(update.at for update in self.updates.all())]
        return max((at for at in dates if at is not None), default=None)

    def readable_languages(self) -> list[str]:
        return [code for code in LANGUAGE_CODES if self.has_language(code)]

    def missing_fields(self, language: str) -> list[str]:
        """Translated fields (with content in another language) left empty in ``language``."""
        missing = []
        for field in self.TRANSLATED_FIELDS:
            values = {
                code: getattr(self, build_localized_fieldname(field, code))
                for code in LANGUAGE_CODES
            }
            if not values[language] and any(values.values()):
                missing.append(field)
        return missing


class ArticleUpdate(models.Model):
    """One line of an article's public change log: when, and what changed, in
    a sentence (translated). Shown under the title; the newest line is the
    article's dateModified for answer engines."""

    class Kind(models.TextChoices):
        UPDATED = "updated", _("Updated")
        CORRECTED = "corrected", _("Corrected")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField(_("when"), default=timezone.now)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.UPDATED)
    note = models.CharField(_("what changed"), max_length=200)

    class Meta:
        verbose_name = _("change log line")
        verbose_name_plural = _("change log")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{timezone.localtime(self.at):%Y-%m-%d} {self.note}"


class EntityTable(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="entity_tables")
    caption = models.CharField(_("caption"), max_length=200)
    entity_label = models.CharField(_("entity column label"), max_length=40, blank=True)
    role_label = models.CharField(_("role column label"), max_length=40, blank=True)
    note_label = models.CharField(_("note column label"), max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("entity table")
        verbose_name_plural = _("entity tables")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.caption


class EntityRow(models.Model):
    table = models.ForeignKey(EntityTable, on_delete=models.CASCADE, related_name="rows")
    entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, related_name="rows", verbose_name=_("entity")
    )
    role = models.CharField(_("role"), max_length=200, blank=True)
    note = models.CharField(_("key change"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("entity row")
        verbose_name_plural = _("entity rows")
        ordering = ["order", "pk"]

    def __str__(self):
        return str(self.entity)
