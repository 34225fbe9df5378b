"""Re-check every article's answer readiness (after an upgrade that adds a check)."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from articles import readiness
from articles.models import Article


class Command(BaseCommand):
    help = "Re-check every article's answer readiness and store the findings for the admin list."

    def handle(self, *args, **options):
        articles = Article.objects.order_by("pk")
        warned = 0
        progress = tqdm(
            articles.iterator(), total=articles.count(), disable=not options["verbosity"]
        )
        for article in progress:
            warned += bool(readiness.store(article))
        self.stdout.write(f"Checked {articles.count()} articles; {warned} have warnings.")
