"""Full-text search over practice cards: an FTS5 table on SQLite (kept in sync by the services),
a GIN expression index on PostgreSQL (the selector queries the same expression)."""

from django.db import migrations

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS practices_practice_fts USING fts5("
    "title, problem, when_to_use, steps, talk_tracks, tags, tokenize='porter unicode61')"
)
SQLITE_FILL = (
    "INSERT INTO practices_practice_fts (rowid, title, problem, when_to_use, steps, talk_tracks, "
    "tags) SELECT id, title, problem, when_to_use, steps, talk_tracks, "
    "replace(replace(replace(stage_tags || ' ' || competency_tags, '\"', ''), '[', ''), ']', '') "
    "FROM practices_practice"
)
SQLITE_DROP = "DROP TABLE IF EXISTS practices_practice_fts"

POSTGRES_DOCUMENT = (
    "to_tsvector('english'::regconfig, coalesce(title, '') || ' ' || coalesce(problem, '') "
    "|| ' ' || coalesce(when_to_use, '') || ' ' || coalesce(steps, '') || ' ' "
    "|| coalesce(talk_tracks, '') || ' ' || coalesce(stage_tags::text, '') || ' ' "
    "|| coalesce(competency_tags::text, ''))"
)
POSTGRES_CREATE = (
    "CREATE INDEX IF NOT EXISTS practices_practice_search ON practices_practice "
    f"USING GIN ({POSTGRES_DOCUMENT})"
)
POSTGRES_DROP = "DROP INDEX IF EXISTS practices_practice_search"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)
        schema_editor.execute(SQLITE_FILL)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_CREATE)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)


class Migration(migrations.Migration):
    dependencies = [("practices", "0002_adoption_demonstrated_by_adoption_habitual_basis_and_more")]

    operations = [migrations.RunPython(create, drop)]
