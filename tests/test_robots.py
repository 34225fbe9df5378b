"""One AI-use policy, edited in the site settings, and everything made from
it: robots.txt (a group per AI crawler), Content-Signal, the AIPREF
Content-Usage rule and header. A change in the admin takes effect at once."""

from urllib.robotparser import RobotFileParser

import pytest

from geo.crawlers import AI_CRAWLERS
from geo.models import SiteSettings

pytestmark = pytest.mark.django_db

SITE = "https://geo.example"
CHANGE = "/admin/geo/sitesettings/1/change/"
ARTICLE = "/en/articles/some-analysis/"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.PAGE_CACHE_SECONDS = 600  # robots.txt and pages are cached: changes must show


def set_policy(policy):
    site, _created = SiteSettings.objects.get_or_create(pk=1)
    site.ai_crawler_policy = policy
    site.save()


def robots(client) -> tuple[str, RobotFileParser]:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    parser = RobotFileParser()
    parser.parse(text.splitlines())
    return text, parser


def groups(text: str) -> dict[str, list[str]]:
    found, current = {}, None
    for line in text.splitlines():
        if line.startswith("User-agent: "):
            current = found.setdefault(line.split(": ", 1)[1], [])
        elif line and not line.startswith("#") and current is not None and ":" in line:
            if line.startswith("Sitemap:"):
                current = None
            else:
                current.append(line)
    return found


def test_every_listed_crawler_has_its_own_group_repeating_the_general_rules(client):
    set_policy("search-only")

    text, _parser = robots(client)

    rules = groups(text)
    assert set(rules) == {"*", *(crawler.token for crawler in AI_CRAWLERS)}
    general = rules["*"]
    for path in ("/admin/", "/zh-hans/takedown/status/", "/en/takedown/status/"):
        assert f"Disallow: {path}" in general
    for crawler in AI_CRAWLERS:
        if crawler.purpose != "training":
            assert rules[crawler.token] == general, crawler.token
    assert f"Sitemap: {SITE}/sitemap.xml" in text


@pytest.mark.parametrize(
    ("policy", "allowed", "refused", "signal", "usage"),
    [
        (
            "allow-all",
            ["GPTBot", "OAI-SearchBot", "Bytespider", "PerplexityBot"],
            [],
            "search=yes, ai-input=yes, ai-train=yes",
            "train-ai=y, search=y",
        ),
        (
            "search-only",
            ["OAI-SearchBot", "Claude-SearchBot", "PerplexityBot", "ChatGPT-User", "Baiduspider"],
            ["GPTBot", "ClaudeBot", "Google-Extended", "CCBot", "Bytespider"],
            "search=yes, ai-input=yes, ai-train=no",
            "train-ai=n, search=y",
        ),
        (
            "deny-ai",
            ["Googlebot"],
            ["GPTBot", "OAI-SearchBot", "PerplexityBot", "Claude-User", "Baiduspider"],
            "search=yes, ai-input=no, ai-train=no",
            "train-ai=n, search=y",
        ),
    ],
)
def test_each_policy_lets_in_and_turns_away_the_right_crawlers(
    client, policy, allowed, refused, signal, usage
):
    set_policy(policy)

    text, parser = robots(client)

    for agent in allowed:
        assert parser.can_fetch(agent, f"{SITE}{ARTICLE}"), agent
        assert not parser.can_fetch(agent, f"{SITE}/admin/"), agent
    for agent in refused:
        assert not parser.can_fetch(agent, f"{SITE}{ARTICLE}"), agent
    assert not parser.can_fetch("AnyBot", f"{SITE}/en/takedown/status/")
    assert f"Content-Signal: {signal}" in text
    assert f"Content-Usage: {usage}" in text


def test_a_policy_change_in_the_admin_takes_effect_at_once(
    client, superuser_client, form_data, article_factory, django_capture_on_commit_callbacks
):
    set_policy("search-only")
    article_factory(live=True, slug="some-analysis")
    _text, before = robots(client)
    assert client.get(ARTICLE)["Content-Usage"] == "train-ai=n, search=y"
    assert before.can_fetch("OAI-SearchBot", f"{SITE}{ARTICLE}")

    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(
            CHANGE, form_data(superuser_client.get(CHANGE), ai_crawler_policy="deny-ai")
        )

    assert response.status_code == 302
    _text, after = robots(client)
    assert not after.can_fetch("OAI-SearchBot", f"{SITE}{ARTICLE}")
    assert client.get(ARTICLE)["Content-Usage"] == "train-ai=n, search=y"
    assert "ai-input=no" in robots(client)[0]


@pytest.mark.parametrize("url", ["/en/", "/zh-hans/", ARTICLE, "/en/articles/some-analysis.md"])
def test_reader_pages_state_the_usage_preferences_in_a_header(client, article_factory, url):
    set_policy("allow-all")
    article_factory(live=True, slug="some-analysis")

    assert client.get(url)["Content-Usage"] == "train-ai=y, search=y"


def test_the_admin_shows_which_crawlers_do_not_obey_robots_txt(superuser_client):
    set_policy("search-only")

    html = superuser_client.get(CHANGE).text

    for crawler in AI_CRAWLERS:
        assert f"<code>{crawler.token}</code>" in html
    assert html.count("Does not always obey robots.txt.") == sum(
        not crawler.honours_robots for crawler in AI_CRAWLERS
    )
