"""Each database's own full-text index (search/backends.py), created only on
that database: PostgreSQL gets a tsvector column with a GIN index on the
document table, SQLite an FTS5 table whose rowid is the document's id."""

from django.db import migrations

PARTS = "title, names, summary, insight, editor_note, faq, body"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_searchdocument ADD COLUMN vector tsvector")
        schema_editor.execute(
            "CREATE INDEX search_document_vector ON search_searchdocument USING gin (vector)"
        )
    elif schema_editor.connection.vendor == "sqlite":
        # unicode61 keeps a run of letters and digits as one token: our words
        # (search/segment.py) arrive already cut, lower-cased and stemmed.
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE search_fts USING fts5({PARTS},"
            " tokenize = 'unicode61 remove_diacritics 0')"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_document_vector")
        schema_editor.execute("ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector")
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
