"""The one AI-use policy (SiteSettings.ai_crawler_policy) as robots.txt,
the Content-Signal line and the IETF AIPREF ``Content-Usage`` rule and
header. Edited in the admin; the change hook refreshes every cached copy."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation

from geo.crawlers import AI_CRAWLERS, SEARCH, TRAINING, USER
from geo.models import SiteSettings

Policy = SiteSettings.CrawlerPolicy


@dataclass(frozen=True)
class Usage:
    """What the policy allows: classic search, AI answers (input), AI training."""

    search: bool
    ai_input: bool
    ai_train: bool

    @property
    def content_signal(self) -> str:
        yes = {True: "yes", False: "no"}
        return (
            f"search={yes[self.search]}, ai-input={yes[self.ai_input]}, "
            f"ai-train={yes[self.ai_train]}"
        )

    @property
    def content_usage(self) -> str:
        """AIPREF vocabulary (draft-ietf-aipref-vocab), y/n per category."""
        yn = {True: "y", False: "n"}
        return f"train-ai={yn[self.ai_train]}, search={yn[self.search]}"


USAGE = {
    Policy.ALLOW_ALL: Usage(search=True, ai_input=True, ai_train=True),
    Policy.SEARCH_ONLY: Usage(search=True, ai_input=True, ai_train=False),
    Policy.DENY_AI: Usage(search=True, ai_input=False, ai_train=False),
}
# Which crawlers each policy turns away from the whole site.
REFUSED_PURPOSES = {
    Policy.ALLOW_ALL: set(),
    Policy.SEARCH_ONLY: {TRAINING},
    Policy.DENY_AI: {TRAINING, SEARCH, USER},
}
# Never for crawlers: the admin, staff previews, the takedown status lookup.
PRIVATE_PATHS = ("/admin/",)
PRIVATE_PATHS_PER_LANGUAGE = ("/preview/", "/takedown/status/")


def usage(site: SiteSettings | None = None) -> Usage:
    site = site or SiteSettings.load()
    return USAGE[site.ai_crawler_policy]


def content_usage_header() -> str:
    return usage().content_usage


def private_paths() -> list[str]:
    return [*PRIVATE_PATHS] + [
        f"/{code}{path}"
        for code, _name in settings.LANGUAGES
        for path in PRIVATE_PATHS_PER_LANGUAGE
    ]


def robots_txt() -> str:
    """robots.txt: a group for every crawler and one for the rest. RFC 9309:
    a crawler obeys only its most specific group, so each group repeats the
    general rules (private paths, the usage lines)."""
    site = SiteSettings.load()
    policy = site.ai_crawler_policy
    allowed = usage(site)
    general = [f"Disallow: {path}" for path in private_paths()]
    general += ["Allow: /", f"Content-Usage: {allowed.content_usage}"]
    general.append(f"Content-Signal: {allowed.content_signal}")
    with translation.override("en"):  # one robots.txt, whatever the visitor's language
        label = site.get_ai_crawler_policy_display()
    lines = [
        f"# AI-use policy: {label}",
        "# Generated from the site settings; edit them in the admin.",
        "",
        "User-agent: *",
        *general,
        "",
    ]
    for crawler in AI_CRAWLERS:
        lines.append(f"User-agent: {crawler.token}")
        if crawler.purpose in REFUSED_PURPOSES[policy]:
            lines += ["Disallow: /", f"Content-Usage: {allowed.content_usage}"]
        else:
            lines += general
        lines.append("")
    lines.append(f"Sitemap: {settings.SITE_URL}/sitemap.xml")
    return "\n".join(lines) + "\n"
