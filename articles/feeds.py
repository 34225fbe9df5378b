"""Feeds of the newest articles: RSS 2.0 (``/<lang>/feed.xml``) and Atom
(``/<lang>/atom.xml``) for the site, RSS for a tag or an entity
(``/<lang>/tags/<slug>/feed.xml``, ``/<lang>/entities/<slug>/feed.xml``).

A feed in a language carries only articles readable in it: a Chinese-only
article is in the Chinese feeds, not the English ones. The /en/ list can show
such an article under its Chinese title with a "中文 only" marker; a feed item
is the text itself, which a reader who subscribed in English cannot read.

Each item: the title, the article's canonical URL in the feed's language as
link and guid, ``published_at`` as pubDate/published, ``updated_at`` as
Atom's updated, the BLUF as description/summary and, when FEED_FULL_CONTENT
is on, the rendered (sanitised) body as ``content:encoded`` / Atom ``content``.
Every URL comes from SITE_URL, never from the request."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from articles.models import Article, Entity, Tag, reverse_or_none
from geo.i18n import html_lang
from geo.markdown import render_markdown
from geo.models import SiteSettings
from geo.seo import absolute

FEED_SIZE = 50


class RssWithContent(Rss201rev2Feed):
    """RSS 2.0 with an item's full HTML as ``content:encoded`` when it has one."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])


class AtomWithContent(Atom1Feed):
    """Atom with an entry's full HTML as ``<content type="html">`` when it has one."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


class ArticleFeed(Feed):
    """The newest published articles readable in the active language (the URL's)."""

    feed_type = RssWithContent
    url_name = "articles:feed"

    # A Feed instance serves every request: per-request state stays in arguments.
    @property
    def language(self):
        return html_lang(get_language())

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj):
        code = get_language()
        fields = ["title", "summary", *(["body"] if settings.FEED_FULL_CONTENT else [])]
        return (
            self.articles(obj)
            .readable_in(code)
            .only(
                "slug",
                "published_at",
                "updated_at",
                *(build_localized_fieldname(field, code) for field in fields),
            )
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def title(self, obj):
        return SiteSettings.load().site_name

    def description(self, obj):
        return SiteSettings.load().tagline or self.title(obj)

    def subtitle(self, obj):
        return self.description(obj)

    def author_name(self, obj):
        return SiteSettings.load().site_name

    def link(self, obj):
        return absolute(reverse("articles:list"))

    def feed_url(self, obj):
        return absolute(reverse(self.url_name, kwargs={"slug": obj.slug} if obj else None))

    def item_title(self, article):
        return self.text(getattr(article, build_localized_fieldname("title", get_language())))

    def item_description(self, article):
        # The BLUF is plain text; feed readers read descriptions as HTML.
        return escape(getattr(article, build_localized_fieldname("summary", get_language())))

    def item_link(self, article):
        return absolute(article.get_absolute_url())

    def item_guid(self, article):
        return self.item_link(article)

    item_guid_is_permalink = True

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_extra_kwargs(self, article):
        if not settings.FEED_FULL_CONTENT:
            return {}
        body = getattr(article, build_localized_fieldname("body", get_language()))
        return {"content": render_markdown(body)}

    def text(self, value: str) -> str:
        """A plain-text element: RSS readers read titles as HTML, so escape it there."""
        return escape(value) if issubclass(self.feed_type, Rss201rev2Feed) else value


class AtomArticleFeed(ArticleFeed):
    feed_type = AtomWithContent
    url_name = "articles:atom"


class TagFeed(ArticleFeed):
    """A plain tag's articles; an entity's tag redirects to the entity's feed,
    as its page does."""

    url_name = "articles:tag-feed"

    def __call__(self, request, slug):
        tag = get_object_or_404(Tag.objects.select_related("entity"), slug=slug)
        if hasattr(tag, "entity"):
            target = reverse_or_none("articles:entity-feed", tag.entity.slug)
            if target is None:
                raise Http404
            return redirect(target, permanent=True)
        return super().__call__(request, tag=tag)

    def get_object(self, request, tag):
        return tag

    def articles(self, tag):
        return Article.objects.published().filter(tags=tag)

    def title(self, tag):
        return _("Articles tagged “%(tag)s”") % {"tag": tag.name}

    def description(self, tag):
        return _("All articles tagged “%(tag)s”.") % {"tag": tag.name}

    def link(self, tag):
        return absolute(tag.get_absolute_url())


class EntityFeed(ArticleFeed):
    """The articles of an entity (those tagged with its tag)."""

    url_name = "articles:entity-feed"

    def get_object(self, request, slug):
        return get_object_or_404(Entity.objects.select_related("tag"), slug=slug)

    def articles(self, entity):
        return Article.objects.published().filter(tags=entity.tag_id)

    def title(self, entity):
        return entity.name

    def description(self, entity):
        return entity.description or _("Articles mentioning %(name)s.") % {"name": entity.name}

    def link(self, entity):
        return absolute(entity.get_absolute_url())
