"""Which representation of a page a request asks for (HTML or its Markdown twin)."""

MARKDOWN = "text/markdown"


def prefers_markdown(request) -> bool:
    """Markdown only when ``Accept`` names ``text/markdown`` itself with a
    higher q-value than HTML gets: ``*/*`` or ``text/*`` alone, a tie, or no
    Accept header at all mean HTML."""
    if MARKDOWN not in request.META.get("HTTP_ACCEPT", "").lower():
        return False  # what browsers send: no need to parse it (every cache hit asks)
    markdown = request.accepted_type(MARKDOWN)
    if markdown is None or markdown.sub_type != "markdown":
        return False
    html = request.accepted_type("text/html")
    return html is None or markdown.quality > html.quality
