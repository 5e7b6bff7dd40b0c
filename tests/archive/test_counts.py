"""The sidebar's post counts are kept as posts change, and always equal a fresh count."""

import random
from collections import Counter
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from blog.archive.counts import sidebar_counts
from blog.archive.sidebar import build_sidebar
from blog.extensions import db
from blog.models import ArchiveMonth, Post
from blog.posts.publishing import (
    move_to_trash,
    publish,
    restore_from_trash,
    set_content,
    unpublish,
)
from blog.utils.database import utcnow
from blog.utils.dates import current_zone


def counted_afresh(now: datetime):
    """What the sidebar should say, counted from the visible posts themselves: posts per
    year, per month of the newest year, and per label."""
    zone = current_zone()
    years, months, labels = Counter(), Counter(), Counter()
    for post in db.session.scalars(sa.select(Post).where(Post.visible_clause(now))):
        local = post.published_at.astimezone(zone)
        years[local.year] += 1
        months[local.year, local.month] += 1
        labels.update(label.name for label in post.labels)
    newest = max(years, default=None)
    return years, Counter({k: n for k, n in months.items() if k[0] == newest}), labels


def shown(now: datetime):
    archive, labels = sidebar_counts(now, current_zone(), scheduled_ahead=True)
    years = Counter({year.year: year.count for year in archive})
    months = Counter({(year.year, m): n for year in archive for m, n in year.months})
    if archive:
        assert archive[0].count == sum(n for _m, n in archive[0].months)
    return years, months, Counter({label.name: label.count for label in labels})


def test_counts_follow_every_kind_of_change(app, make_post):
    rng = random.Random(3)
    ids = [
        make_post(title=f"Essay {n}", labels=tuple(rng.sample(["Grid", "Water", "Cities"], 2)),
                  published=datetime(2020, 1 + n % 12, 1 + n, 12, tzinfo=UTC), draft=n % 4 == 0
                  ).id
        for n in range(12)
    ]
    changes = [
        lambda post: publish(post, at=datetime(2021, 6, 15, tzinfo=UTC)),
        lambda post: publish(post, at=utcnow() + timedelta(days=3)),  # scheduled
        unpublish,
        move_to_trash,
        restore_from_trash,
        lambda post: set_content(post, title=post.title, body=post.body,
                                 label_names=rng.sample(["Grid", "Water", "Tides"], 1)),
    ]
    with app.test_request_context():
        for step in range(40):
            post = db.session.get(Post, rng.choice(ids))
            rng.choice(changes)(post)
            if step % 5 == 4:
                db.session.delete(db.session.get(Post, ids.pop()))
            db.session.commit()
            now = utcnow()
            assert shown(now) == counted_afresh(now), f"after step {step}"


def test_a_scheduled_post_is_counted_once_it_is_due(app, make_post, time_machine):
    time_machine.move_to(utcnow(), tick=False)
    make_post(title="Now", labels=("Grid",))
    make_post(title="Soon", labels=("Grid", "Tides"), published=utcnow() + timedelta(minutes=1))
    with app.test_request_context():
        before = shown(utcnow())
        time_machine.shift(timedelta(minutes=1))
        after = shown(utcnow())

    assert before[2] == Counter({"Grid": 1})
    assert after[2] == Counter({"Grid": 2, "Tides": 1})
    assert sum(after[0].values()) == 2


def test_counts_made_in_another_time_zone_are_not_used(app, make_post):
    # 2020-02-01 03:00 UTC is still January in New York.
    make_post(title="Border", published=datetime(2020, 2, 1, 3, tzinfo=UTC))
    app.config["TIMEZONE"] = "America/New_York"
    with app.test_request_context():
        assert shown(utcnow())[1] == Counter({(2020, 1): 1})
        # The next change to a post counts again in the new zone.
        post = db.session.scalars(sa.select(Post)).one()
        publish(post, at=datetime(2020, 3, 1, 3, tzinfo=UTC))
        db.session.commit()
        zones = set(db.session.scalars(sa.select(ArchiveMonth.zone)))

        assert zones == {"America/New_York"}
        assert shown(utcnow())[1] == Counter({(2020, 2): 1})


def test_building_the_sidebar_does_not_read_the_posts(app, make_post, statements):
    for n in range(5):
        make_post(title=f"Essay {n}", labels=("Grid",))
    with app.test_request_context():
        statements.clear()
        sidebar = build_sidebar()

    assert sum(year.count for year in sidebar.archive) == 5
    # The site state, the author, the kept months, the labels; no scan of the posts.
    assert len(statements) <= 4
    assert not any(" post " in f" {s} ".replace("\n", " ") for s in statements), statements


def test_saving_comments_does_not_recount(app, make_post, make_comment, statements):
    post = make_post(title="Essay", labels=("Grid",))
    statements.clear()
    make_comment(post.id)

    assert not any("archive_month" in s for s in statements)
