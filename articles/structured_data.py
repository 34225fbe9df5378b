"""schema.org data for answer engines, built from the same article, the same
languages and the same URLs as the page (serialised by geo.jsonld).

Stable ids: ``<site>/#organization``, ``<site>/#website``, and for an article
``<canonical>#article``, ``#faq``, ``#breadcrumb``; an entity is
``<its page in the default language>#entity`` in every language."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from articles.models import Article, Entity
from geo.i18n import LANGUAGE_CODES, html_lang, translated_text, url_in
from geo.jsonld import graph
from geo.seo import absolute

ENTITY_TYPES = {
    Entity.Kind.ORGANISATION: "Organization",
    Entity.Kind.PRODUCT: "Product",
    Entity.Kind.PERSON: "Person",
    Entity.Kind.PLACE: "Place",
    Entity.Kind.OTHER: "Thing",
}


def organization_id() -> str:
    return f"{settings.SITE_URL}/#organization"


def website_id() -> str:
    return f"{settings.SITE_URL}/#website"


def organization(site) -> dict:
    node = {
        "@type": "Organization",
        "@id": organization_id(),
        "name": site.site_name,
        "url": f"{settings.SITE_URL}/",
    }
    if site.contact_email:
        node["email"] = site.contact_email
    return node


def website(site) -> dict:
    node = {
        "@type": "WebSite",
        "@id": website_id(),
        "url": f"{settings.SITE_URL}/",
        "name": site.site_name,
        "inLanguage": [html_lang(code) for code in LANGUAGE_CODES],
        "publisher": {"@id": organization_id()},
        # The site's search (search app), in the page's language.
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": absolute(reverse("search:results")) + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    }
    if site.tagline:
        node["description"] = site.tagline
    return node


def home_graph(site) -> dict:
    return graph(website(site), organization(site))


def entity_node(entity: Entity, language: str) -> dict:
    name = translated_text(entity, "name", language)
    node = {
        "@type": ENTITY_TYPES.get(entity.kind, "Thing"),
        "@id": absolute(url_in(settings.LANGUAGE_CODE, entity.get_absolute_url)) + "#entity",
        "name": name.value,
        "url": absolute(url_in(language, entity.get_absolute_url)),
    }
    if description := translated_text(entity, "description", language).value:
        node["description"] = description
    same_as = []
    if entity.wikidata_id:
        same_as.append(f"https://www.wikidata.org/wiki/{entity.wikidata_id}")
    if entity.website:
        same_as.append(entity.website)
    if same_as:
        node["sameAs"] = same_as
    return node


def _entities(article: Article) -> tuple[list[Entity], list[Entity]]:
    """(about, mentions): the first entity table's entities are what the article
    is about; every other entity it tables is mentioned."""
    tables = list(article.entity_tables.all())
    about = list(dict.fromkeys(row.entity for row in tables[0].rows.all())) if tables else []
    mentioned = [
        row.entity for table in tables[1:] for row in table.rows.all() if row.entity not in about
    ]
    return about, list(dict.fromkeys(mentioned))


def article_graph(article: Article, *, language: str, readable: list[str], site) -> dict:
    """The article page's graph: WebSite, Organization, WebPage, NewsArticle,
    BreadcrumbList and (when the page shows FAQ) FAQPage."""
    shown = language if language in readable else readable[0]
    urls = {code: absolute(url_in(code, article.get_absolute_url)) for code in readable}
    canonical = urls[shown]
    headline = translated_text(article, "title", shown).value

    news = {
        "@type": "NewsArticle",
        "@id": f"{canonical}#article",
        "headline": headline,
        "description": translated_text(article, "summary", shown).value,
        # A draft in preview has no publish date yet.
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.date_modified.isoformat(),
        "inLanguage": html_lang(shown),
        "mainEntityOfPage": {"@id": canonical},
        "isPartOf": {"@id": website_id()},
        "isAccessibleForFree": True,
        "publisher": {"@id": organization_id()},
        "author": _author(article, shown),
    }
    if news["datePublished"] is None:
        del news["datePublished"]
    if article.cover:
        news["image"] = [absolute(article.cover.url)]
    if keywords := [translated_text(tag, "name", shown).value for tag in article.tag_list]:
        news["keywords"] = keywords
    about, mentions = _entities(article)
    if about:
        news["about"] = [entity_node(entity, shown) for entity in about]
    if mentions:
        news["mentions"] = [entity_node(entity, shown) for entity in mentions]
    # The Chinese text is the original; the English one its translation.
    original = settings.LANGUAGE_CODE
    others = [f"{urls[code]}#article" for code in readable if code != shown]
    if others and shown == original:
        news["workTranslation"] = [{"@id": other} for other in others]
    elif original in urls and shown != original:
        news["translationOfWork"] = {"@id": f"{urls[original]}#article"}

    page = {
        "@type": "WebPage",
        "@id": canonical,
        "url": canonical,
        "name": headline,
        "inLanguage": html_lang(shown),
        "isPartOf": {"@id": website_id()},
        "breadcrumb": {"@id": f"{canonical}#breadcrumb"},
    }
    return graph(
        website(site),
        organization(site),
        page,
        news,
        _breadcrumbs(article, canonical, headline, language, site),
        _faq_page(article, canonical, shown),
    )


def _author(article: Article, language: str) -> dict:
    name = translated_text(article, "author", language).value
    return {"@type": "Person", "name": name} if name else {"@id": organization_id()}


def _breadcrumbs(article, canonical, headline, language, site) -> dict:
    """Home → the article's first plain tag (or its first entity) → the article."""
    with translation.override(language):
        crumbs = [(site.site_name, absolute(f"/{language}/"))]
        tags = sorted(article.tag_list, key=lambda tag: hasattr(tag, "entity"))
        for tag in tags[:1]:
            if url := tag.get_absolute_url():
                crumbs.append((translated_text(tag, "name", language).value, absolute(url)))
    crumbs.append((headline, canonical))
    return {
        "@type": "BreadcrumbList",
        "@id": f"{canonical}#breadcrumb",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def _faq_page(article, canonical, language) -> dict | None:
    """The FAQ the page shows, in the page's language (with the page's fallback)."""
    questions = []
    for item in article.faq_items.all():
        question = translated_text(item, "question", language)
        if not question:
            continue
        answer = translated_text(item, "answer", language)
        questions.append(
            {
                "@type": "Question",
                "@id": f"{canonical}#{item.anchor}",
                "name": question.value,
                "acceptedAnswer": {"@type": "Answer", "text": strip_tags(answer.html).strip()},
            }
        )
    if not questions:
        return None
    return {
        "@type": "FAQPage",
        "@id": f"{canonical}#faq",
        "name": _("FAQ"),
        "inLanguage": html_lang(language),
        "mainEntity": questions,
        "isPartOf": {"@id": canonical},
    }
