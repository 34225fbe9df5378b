from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.interchange import ArticleFileError, import_article_file
from articles.models import Article
from geo.changes import content_changed
from geo.models import SiteSettings

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"


def site_faq_items():
    """The faq app's items, through Article's reverse relation (faq depends on
    articles, never the reverse); site-wide ones have no article."""
    return Article.faq_items.field.model.objects


class Command(BaseCommand):
    help = "Load the demo articles, site FAQ and site settings (safe to run again)."

    def handle(self, verbosity=1, **options):
        files = sorted(DEMO_DIR.glob("*.md"))
        try:
            for path in files:
                import_article_file(path)
        except ArticleFileError as error:
            raise CommandError(str(error)) from None
        with transaction.atomic():
            self._site_faq()
            self._site_settings()
            content_changed()  # the site FAQ and settings show on every page
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {len(files)} articles."))

    def _site_faq(self):
        items = yaml.safe_load((DEMO_DIR / "site-faq.yaml").read_text(encoding="utf-8"))
        for order, item in enumerate(items):
            site_faq_items().update_or_create(
                article=None,
                key=item["key"],
                defaults={
                    "order": order,
                    "question_zh_hans": item["question"]["zh-hans"],
                    "question_en": item["question"].get("en", ""),
                    "answer_zh_hans": item["answer"]["zh-hans"],
                    "answer_en": item["answer"].get("en", ""),
                },
            )

    def _site_settings(self):
        settings = SiteSettings.load()
        if not settings.tagline_zh_hans:
            settings.site_name_zh_hans = "GEO 观察"
            settings.site_name_en = "GEO Review"
            settings.tagline_zh_hans = "写给读者，也写给答案引擎的行业分析"
            settings.tagline_en = "Analysis written for readers and answer engines alike"
            settings.contact_email = "editors@example.com"
            settings.save()
