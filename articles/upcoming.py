"""When the next scheduled article goes live. Every reader page asks (a cached
page must not outlive it), so each process reads it once per content
generation while that time lies ahead: scheduling, unscheduling or moving a
time is a content change, which replaces the generation; only the clock
passing the known time makes the answer stale, and then it is read again."""

from django.utils import timezone

from articles.models import Article
from geo.generation import content_generation

_known: dict[str, object] = {}  # {generation: datetime or None}, the latest only


def next_publication_at():
    generation = content_generation()
    if generation in _known:
        upcoming = _known[generation]
        if upcoming is None or upcoming > timezone.now():
            return upcoming
    upcoming = Article.objects.next_publication_at()
    _known.clear()
    _known[generation] = upcoming
    return upcoming
