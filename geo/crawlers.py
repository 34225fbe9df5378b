"""The AI crawlers robots.txt speaks to, as data: keep this list current.

``purpose``: "training" (collects text to train models), "search" (indexes
for an AI search or answer engine), "user" (fetches a page because a person
asked an assistant to). ``honours_robots`` is False where the operator says,
or it is widely documented, that the crawler does not always obey
robots.txt: the admin shows these, since robots.txt cannot stop them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Crawler:
    token: str  # the robots.txt user-agent token
    operator: str
    purpose: str
    honours_robots: bool = True
    note: str = ""


TRAINING, SEARCH, USER = "training", "search", "user"

AI_CRAWLERS = (
    Crawler("GPTBot", "OpenAI", TRAINING),
    Crawler("OAI-SearchBot", "OpenAI", SEARCH),
    Crawler(
        "ChatGPT-User",
        "OpenAI",
        USER,
        honours_robots=False,
        note="OpenAI: robots.txt rules may not apply to fetches a user asked for.",
    ),
    Crawler("ClaudeBot", "Anthropic", TRAINING),
    Crawler("Claude-SearchBot", "Anthropic", SEARCH),
    Crawler("Claude-User", "Anthropic", USER),
    Crawler("PerplexityBot", "Perplexity", SEARCH),
    Crawler(
        "Perplexity-User",
        "Perplexity",
        USER,
        honours_robots=False,
        note="Perplexity: user-initiated fetches generally ignore robots.txt.",
    ),
    Crawler("Google-Extended", "Google", TRAINING, note="A robots.txt token, not a crawler."),
    Crawler("Applebot-Extended", "Apple", TRAINING, note="A robots.txt token, not a crawler."),
    Crawler(
        "Bytespider",
        "ByteDance (Doubao)",
        TRAINING,
        honours_robots=False,
        note="Widely reported to ignore robots.txt.",
    ),
    Crawler("CCBot", "Common Crawl", TRAINING),
    Crawler("Meta-ExternalAgent", "Meta", TRAINING),
    Crawler("Amazonbot", "Amazon", TRAINING),
    Crawler("DuckAssistBot", "DuckDuckGo", SEARCH),
    # Baidu's search crawler also feeds its AI answers; blocking it removes the site
    # from Baidu search, so only "refuse all AI" does.
    Crawler("Baiduspider", "Baidu", SEARCH),
)
