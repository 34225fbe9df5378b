"""Make the responsive copies of covers uploaded before renditions existed
(or whose files were lost): safe to run again, writes only what is missing."""

from django.core.management.base import BaseCommand

from articles import images
from articles.models import Article
from geo.changes import content_changed


class Command(BaseCommand):
    help = "Make the WebP renditions and Open Graph card of every article cover that lacks them."

    def handle(self, verbosity=1, **options):
        made = []
        for article in Article.objects.exclude(cover="").only("pk", "cover", "cover_renditions"):
            renditions = article.cover_renditions or {}
            missing = [name for _w, _h, name in renditions.get("webp", [])]
            missing += [renditions["og"]] if renditions.get("og") else []
            storage = article.cover.storage
            if renditions.get("source") == article.cover.name and all(
                storage.exists(name) for name in missing
            ):
                continue
            article.cover_renditions = {}  # make them anew
            images.keep_renditions(article)
            # Not an edit: no new version, history entry or updated date.
            Article.objects.filter(pk=article.pk).update(cover_renditions=article.cover_renditions)
            made.append(article.pk)
        if made:
            # But their pages now offer the new copies (srcset): tell the change hook.
            content_changed(article_ids=made)
        if verbosity:
            self.stdout.write(f"Renditions made for {len(made)} cover(s).")
