"""The shared-content stamp (``SiteSettings.shared_stamp``): replaced by every
change that names no article, kept by every change that does.

An article page shows rows other articles share: its tags and entities, the
site's name. An edit of those reaches the change hook as a site-wide change
(geo/changes.py), which cannot say which articles show them; so anything
remembered per article is keyed by this stamp as well as by the article's own
``page_stamp``, and a site-wide change makes every such entry stale at once
while an article's edit leaves the other articles' entries alone.

Kept in the settings row, which every page loads anyway (once per content
generation per process), so reading it costs nothing. Replaced on
``changes.updating``, before the content generation: a page rendered under
the new generation can only have read the new stamp."""

from geo.models import SiteSettings
from geo.render_memo import new_stamp


def new_shared_stamp(sender, change, **_signal) -> None:
    """Subscriber of the change hook (``updating``)."""
    if change.article_ids:
        return
    updated = SiteSettings.objects.filter(pk=1).update(shared_stamp=new_stamp())
    if not updated:
        SiteSettings.objects.get_or_create(pk=1)  # a new row has a new stamp
