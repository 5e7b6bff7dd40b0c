"""The migrations build exactly the schema the models describe, and undo cleanly."""

from datetime import timedelta

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from blog.cache.etag import scheduled_times
from blog.extensions import db
from blog.markup import html_to_text
from blog.models import Author, Post
from blog.posts.publishing import publish, set_content
from blog.search.index import is_search_table, write_index
from blog.search.queries import search
from blog.utils.database import utcnow
from tests.helpers import drop_everything


def include_name(name, type_, parent_names):
    return not (type_ == "table" and is_search_table(name))  # as migrations/env.py


def schema_differences() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": include_name}
        )
        return compare_metadata(context, db.metadata)


def test_migrations_produce_the_models_schema(app):
    with app.app_context():
        drop_everything()

        upgrade()

        assert schema_differences() == []


def test_downgrade_to_nothing_and_back(app):
    with app.app_context():
        drop_everything()
        upgrade()

        downgrade(revision="base")
        tables = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert tables == set()

        upgrade()
        assert schema_differences() == []


def test_upgrading_a_blog_with_data_keeps_every_row(app):
    """A blog made by the first migration, with posts and comments, survives upgrades."""
    with app.app_context():
        drop_everything()
        upgrade(revision="0001_initial_schema")
        with db.engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO author (id, username, display_name, password_hash, bio, created_at)"
                " VALUES (1, 'ana', 'Ana', 'x', '', '2020-01-01 00:00:00')"
            ))
            connection.execute(sa.text(
                "INSERT INTO post (id, author_id, title, slug, body, body_html, excerpt,"
                " status, published_at, created_at, updated_at) VALUES (1, 1, 'Old post',"
                " 'old-post', 'Body', '<p>Body</p>', 'Body', 'published',"
                " '2020-01-02 00:00:00', '2020-01-02 00:00:00', '2020-01-02 00:00:00')"
            ))
            connection.execute(sa.text(
                "INSERT INTO post (id, author_id, title, slug, body, body_html, excerpt,"
                " status, published_at, created_at, updated_at) VALUES (2, 1, 'Future post',"
                " 'future-post', 'Soon', '<p>Soon</p>', 'Soon', 'scheduled',"
                " '2099-05-06 07:08:09', '2020-01-02 00:00:00', '2020-01-02 00:00:00')"
            ))
            connection.execute(sa.text(
                "INSERT INTO comment (id, post_id, name, website, body, status, created_at)"
                " VALUES (1, 1, 'Reader', '', 'Hello', 'approved', '2020-01-03 00:00:00')"
            ))

        upgrade()

        with db.engine.connect() as connection:
            count = lambda table: connection.execute(  # noqa: E731
                sa.text(f"SELECT count(*) FROM {table}")
            ).scalar()
            assert (count("author"), count("post"), count("comment")) == (1, 2, 1)
            token = connection.execute(sa.text("SELECT session_token FROM author")).scalar()
            assert token and len(token) >= 32
            # The scheduled post's time is where page validators look for it.
            kept = connection.execute(sa.text("SELECT scheduled FROM site_state")).scalar()
            assert kept == scheduled_times(connection) == "2099-05-06T07:08:09.000000"
        assert schema_differences() == []


def write_posts(*posts: tuple[str, str, list[str], int]) -> None:
    """Posts (title, body, labels, days since published) by a new author, through the app."""
    author = Author(username="ana", display_name="Ana")
    author.set_password("a long enough password")
    for title, body, labels, days in posts:
        post = Post(author=author)
        db.session.add(post)
        set_content(post, title=title, body=body, label_names=labels)
        publish(post, at=utcnow() - timedelta(days=days))
    db.session.commit()


def test_the_migrated_search_index_is_the_one_the_app_writes(app):
    with app.test_request_context():
        drop_everything()
        upgrade()
        write_posts(("Migrated search", "Tidal power.", ["Sea"], 0))

        hits, total = search("tidal sea", utcnow(), page=1, per_page=10)

        assert total == 1 and hits[0].post.title == "Migrated search"


def test_posts_indexed_before_search_headings_are_found_by_title_and_labels(app):
    """Migration 0013 gives every post already indexed its title-and-labels vector."""
    with app.test_request_context():
        drop_everything()
        upgrade()
        write_posts(("Tidal power", "About the sea.", ["Energy"], 9),
                    ("Harbour notes", "Tidal energy, briefly.", [], 1))
        downgrade(revision="0012_search_vectors_inline")

        upgrade()

        for query in ("tidal", "energy"):  # in the title, then in the labels
            hits, total = search(query, utcnow(), page=1, per_page=10)
            assert [hit.post.title for hit in hits] == ["Tidal power", "Harbour notes"]


def test_posts_indexed_before_folding_are_found_in_every_spelling(app):
    """Migration 0022 indexes again, folded, the posts an older blog indexed as written."""
    with app.test_request_context():
        drop_everything()
        upgrade()
        write_posts(("الأمن المائي", "مقالة عن إدارة المياه.", ["سياسة"], 1))
        downgrade(revision="0021_log_ins_and_devices")
        post = db.session.scalar(sa.select(Post))
        with db.engine.begin() as connection:  # the index as 0004 to 0021 wrote it
            write_index(connection, [{"post_id": post.id, "title": post.title, "labels": "سياسة",
                                      "body": html_to_text(post.body_html)}], [])
        assert search("الامن", utcnow(), page=1, per_page=10)[1] == 0

        upgrade()

        for query in ("الامن", "مقاله", "اداره", "الأمن"):
            hits, _ = search(query, utcnow(), page=1, per_page=10)
            assert [hit.post.title for hit in hits] == ["الأمن المائي"], query


def search_table_shape() -> tuple | None:
    """PostgreSQL's search table: its columns with how each is stored ('m': in the row),
    its indexes and constraints. None on SQLite, whose FTS5 table has no such settings."""
    if db.engine.dialect.name != "postgresql":
        return None
    with db.engine.connect() as connection:
        columns = connection.execute(sa.text(
            "SELECT attname, format_type(atttypid, atttypmod), attnotnull, attstorage "
            "FROM pg_attribute WHERE attrelid = 'post_search'::regclass AND attnum > 0 "
            "AND NOT attisdropped ORDER BY attname"
        )).all()
        indexes = connection.execute(sa.text(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'post_search' "
            "ORDER BY indexname"
        )).all()
        constraints = connection.execute(sa.text(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'post_search'::regclass ORDER BY conname"
        )).all()
        return tuple([tuple(row) for row in rows] for rows in (columns, indexes, constraints))


def test_the_search_table_is_the_same_by_migration_and_by_the_models(app):
    with app.app_context():
        built_from_models = search_table_shape()
        drop_everything()
        upgrade()

        assert search_table_shape() == built_from_models
        if built_from_models:
            columns = {name: storage for name, _, _, storage in built_from_models[0]}
            assert columns["document"] == "m"  # essays' vectors kept in the row (0012)
