from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations
from tqdm import tqdm

from articles.interchange import ArticleFileError, import_article_file


def article_files(paths: list[Path]) -> list[Path]:
    """The given files, and the *.md files of the given directories."""
    files = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.glob("*.md")))
        elif path.exists():
            files.append(path)
        else:
            raise CommandError(f"{path}: no such file or directory")
    return files


class Command(BaseCommand):
    help = (
        "Create or update articles from Markdown files (see docs/import-format.md). "
        "Each file is imported whole or not at all."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", type=Path, help="Files or directories of *.md files."
        )

    @no_translations  # messages in English, as docs/import-format.md shows them
    def handle(self, paths, verbosity=1, **options):
        files = article_files(paths)
        failures = []
        for path in tqdm(
            files, desc="import", unit="file", disable=None if len(files) > 1 else True
        ):
            try:
                report = import_article_file(path)
            except ArticleFileError as error:
                failures.append(str(error))
                continue
            if verbosity > 1:
                self.stdout.write(f"{path} → {report.article.slug}")
            for slug, fields in report.entity_changes.items():
                # Entities are shared: say when a file changed one other articles show.
                self.stdout.write(
                    self.style.WARNING(f"{path}: changed shared entity {slug}: {', '.join(fields)}")
                )
        imported = len(files) - len(failures)
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"Imported {imported} of {len(files)} file(s)."))
        if failures:
            raise CommandError("Not imported:\n" + "\n".join(failures))
