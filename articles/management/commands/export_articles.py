from pathlib import Path

from django.core.management.base import BaseCommand, no_translations
from tqdm import tqdm

from articles.interchange import export_article
from articles.models import Article


class Command(BaseCommand):
    help = "Write every article (or those named by --slug) as Markdown files into DIR."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--slug", action="append", dest="slugs", help="Only this article (repeatable)."
        )

    @no_translations  # messages in English, as docs/import-format.md shows them
    def handle(self, directory, slugs=None, verbosity=1, **options):
        directory.mkdir(parents=True, exist_ok=True)
        articles = Article.objects.order_by("slug")
        if slugs:
            articles = articles.filter(slug__in=slugs)
        count = 0
        for article in tqdm(
            articles, desc="export", unit="article", disable=None, total=articles.count()
        ):
            export_article(article, directory)
            count += 1
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"Exported {count} article(s) to {directory}"))
