"""create_app: where settings come from, the secret key, the database connection."""

import os
import stat

import pytest
import sqlalchemy as sa

from blog import create_app, database_url
from blog.extensions import db


@pytest.fixture
def instance(tmp_path):
    path = tmp_path / "instance"
    path.mkdir()
    return path


def make_app(instance, **config):
    return create_app({"INSTANCE_PATH": instance, **config})


def test_testing_flag_comes_from_config(instance):
    assert not make_app(instance).testing
    assert make_app(instance, TESTING=True).testing


def test_settings_layer_defaults_then_instance_file_then_env_then_caller(
    instance, monkeypatch
):
    (instance / "config.py").write_text(
        'TITLE = "From the file"\nDESCRIPTION = "File description"\nPOSTS_PER_PAGE = 5\n'
    )
    monkeypatch.setenv("BLOG_DESCRIPTION", "From the environment")
    monkeypatch.setenv("BLOG_POSTS_PER_PAGE", "7")

    app = make_app(instance, POSTS_PER_PAGE=3)

    assert app.config["TITLE"] == "From the file"
    assert app.config["DESCRIPTION"] == "From the environment"
    assert app.config["POSTS_PER_PAGE"] == 3
    assert app.config["TIMEZONE"] == "UTC"  # the default


def test_defaults_keep_sqlite_in_the_instance_folder(instance, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)

    app = make_app(instance)

    with app.app_context():
        assert db.engine.url.database == str(instance / "blog.sqlite")


def test_database_url_from_the_environment(instance, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://blog@db.example:5432/blog")

    app = make_app(instance)

    assert app.config["SQLALCHEMY_DATABASE_URI"] == (
        "postgresql+psycopg://blog@db.example:5432/blog"
    )


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgres://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
        ("sqlite:////srv/blog.sqlite", "sqlite:////srv/blog.sqlite"),
    ],
)
def test_database_url_spellings(given, used):
    assert database_url(given) == used


def test_secret_key_is_generated_once_kept_private_and_reused(instance):
    first = make_app(instance).config["SECRET_KEY"]
    second = make_app(instance).config["SECRET_KEY"]

    key_file = instance / "secret_key"
    assert len(first) >= 32
    assert first == second
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600


def test_configured_secret_key_wins_and_nothing_is_written(instance):
    app = make_app(instance, SECRET_KEY="configured")

    assert app.config["SECRET_KEY"] == "configured"
    assert not (instance / "secret_key").exists()


def test_unknown_time_zone_stops_the_app_with_a_clear_message(instance):
    with pytest.raises(ValueError, match="Mars/Olympus_Mons"):
        make_app(instance, TIMEZONE="Mars/Olympus_Mons")


def test_sqlite_connections_enforce_foreign_keys_use_wal_and_wait(instance, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = make_app(instance, SQLITE_BUSY_TIMEOUT_MS=4321)

    with app.app_context(), db.engine.connect() as connection:
        pragma = lambda name: connection.execute(sa.text(f"PRAGMA {name}")).scalar()  # noqa: E731
        assert pragma("foreign_keys") == 1
        assert pragma("journal_mode") == "wal"
        assert pragma("busy_timeout") == 4321


def test_session_cookie_is_httponly_and_samesite(instance):
    config = make_app(instance).config

    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_web_workers_leave_the_migration_commands_out(instance, monkeypatch):
    # gunicorn.conf.py sets this for every worker it starts.
    monkeypatch.setenv("BLOG_MIGRATIONS", "false")
    served = create_app({"INSTANCE_PATH": instance})
    monkeypatch.delenv("BLOG_MIGRATIONS")
    command_line = create_app({"INSTANCE_PATH": instance})

    assert "migrate" not in served.extensions
    assert "migrate" in command_line.extensions
