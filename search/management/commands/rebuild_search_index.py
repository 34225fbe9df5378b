from django.core.management.base import BaseCommand
from tqdm import tqdm

from articles.models import Article
from search import index


class Command(BaseCommand):
    help = "Rebuild the search index from every published article."

    def handle(self, *args, **options):
        total = Article.objects.filter(status=Article.Status.PUBLISHED).count()
        with tqdm(total=total, unit="article", disable=options["verbosity"] == 0) as bar:
            done = index.rebuild(progress=bar.update)
        if options["verbosity"]:
            self.stdout.write(f"Indexed {done} articles.")
