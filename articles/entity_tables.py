"""Where an entity table goes in the body: the marker an editor copies.

A paragraph that is only ``[[entities:N]]`` places the article's N-th table
(1-based, tables ordered by ``order`` then ``pk``, as readers see them); the
renderer (geo/markdown.py) puts the table there. The admin only shows it."""

from django.db.models import Q

from articles.models import EntityTable


def table_position(table: EntityTable) -> int | None:
    """The table's 1-based place among its article's tables; None before it is saved."""
    if table.pk is None or table.article_id is None:
        return None
    before = EntityTable.objects.filter(article_id=table.article_id).filter(
        Q(order__lt=table.order) | Q(order=table.order, pk__lt=table.pk)
    )
    return before.count() + 1
