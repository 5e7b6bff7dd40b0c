"""The blog scripts/bench.py measures: posts written through the app, then more in bulk.

The first 1,000 posts (about 4 KB of Markdown each, three of twenty labels, 50 comments
on the newest) go through the app's own write path. Growing to 10,000 and 100,000 posts
that way would take an hour, so ``add_posts_in_bulk`` writes rows straight into the
tables, with HTML the app rendered, the search index and the kept counts filled the way
the app fills them.
"""

import os
import random
from datetime import timedelta

import sqlalchemy as sa

WORDS = [
    "grid", "tariff", "price", "energy", "city", "housing", "policy", "market", "budget",
    "water", "transport", "capacity", "demand", "supply", "household", "region",
    "network", "cost", "share", "evidence",
]
# BENCH_VOCABULARY=natural writes the essays from 2,000 words with the uneven frequencies
# of prose (Zipf's law), the twenty above among the common ones (ranks 31 to 50: each
# about twice in an essay, in 77 to 91% of them). By default the essays use the twenty
# alone, each about thirty times in every essay: the worst case for ranking a search.
NATURAL_WORDS = [f"word{n}" for n in range(30)] + WORDS + [f"word{n}" for n in range(50, 2000)]
NATURAL_WEIGHTS = [1 / rank for rank in range(1, len(NATURAL_WORDS) + 1)]
LABELS = [f"Topic {n}" for n in range(20)]
HOURS_APART = 6
# Bulk posts come closer together: 100,000 posts 50 minutes apart span about ten years, a
# prolific blog's life, rather than the 68 years they would take six hours apart.
BULK_MINUTES_APART = 50


def essay(rng: random.Random, number: int) -> str:
    """About 4 KB of Markdown: headings, paragraphs, a list, a quote and footnotes."""
    def sentence():
        length = rng.randint(8, 16)
        if os.environ.get("BENCH_VOCABULARY") == "natural":
            words = rng.choices(NATURAL_WORDS, NATURAL_WEIGHTS, k=length)
        else:
            words = [rng.choice(WORDS) for _ in range(length)]
        return " ".join(words).capitalize() + "."

    parts = [" ".join(sentence() for _ in range(4)), "<!--more-->"]
    for section in range(3):
        parts.append(f"## Part {section + 1} of essay {number}")
        parts += [" ".join(sentence() for _ in range(5)) + f"[^{section + 1}]" for _ in range(2)]
    parts.append("- " + "\n- ".join(sentence() for _ in range(4)))
    parts.append("> " + sentence())
    parts += [f"[^{n}]: Source {n}, *Report* (2024). <https://example.org/{number}/{n}>"
              for n in range(1, 4)]
    return "\n\n".join(parts)


def build_blog(app, posts: int, comments_on_newest: int) -> str:
    """Write ``posts`` posts through the app; return the path of the newest, which gets
    ``comments_on_newest`` approved comments (every third a reply)."""
    from blog.extensions import db
    from blog.models import Author, Post
    from blog.posts.links import post_url
    from blog.posts.publishing import publish, set_content
    from blog.utils.database import utcnow

    rng = random.Random(7)
    with app.test_request_context():
        author = db.session.scalar(sa.select(Author))
        now = utcnow()
        for number in range(posts):
            post = Post(author=author)
            db.session.add(post)
            set_content(post, title=f"Essay {number}: {rng.choice(WORDS)} and {rng.choice(WORDS)}",
                        body=essay(rng, number), label_names=rng.sample(LABELS, 3))
            publish(post, at=now - timedelta(hours=HOURS_APART * (posts - number)), now=now)
            if number % 100 == 99:
                db.session.commit()
        db.session.commit()
        newest = db.session.scalar(sa.select(Post).order_by(Post.published_at.desc()).limit(1))
        add_comments(newest, rng, comments_on_newest, readers=12)
        path = post_url(newest)
    settle(app)
    return path


def add_posts_in_bulk(app, until: int, batch: int = 5000) -> int:
    """Add older published posts until the blog has ``until``; return how many were added."""
    from blog.archive.counts import recount
    from blog.extensions import db
    from blog.markup import html_to_text, render_post
    from blog.models import Label, Post, PostStatus, SiteState, post_labels
    from blog.search.index import write_index
    from blog.utils.dates import current_zone

    rng = random.Random(until)
    with app.app_context(), db.engine.begin() as connection:
        have, next_id, oldest, author_id = connection.execute(
            sa.select(sa.func.count(Post.id), sa.func.max(Post.id) + 1,
                      sa.func.min(Post.published_at), sa.func.min(Post.author_id))
        ).one()
        labels = dict(connection.execute(sa.select(Label.name, Label.id)).all())
        pool = []
        for number in range(50):
            source = essay(rng, number)
            rendered = render_post(source)
            pool.append((source, rendered, html_to_text(rendered.body_html)))
        added = 0
        while have + added < until:
            posts, links, documents = [], [], []
            for _ in range(min(batch, until - have - added)):
                post_id = next_id + added
                added += 1
                source, rendered, text = rng.choice(pool)
                when = oldest - timedelta(minutes=BULK_MINUTES_APART * added)
                title = f"Essay {post_id}: {rng.choice(WORDS)} and {rng.choice(WORDS)}"
                names = rng.sample(LABELS, 3)
                posts.append({
                    "id": post_id, "author_id": author_id, "title": title,
                    "slug": f"essay-{post_id}", "body": source, "body_html": rendered.body_html,
                    "summary_html": rendered.summary_html, "excerpt": rendered.excerpt,
                    "status": PostStatus.PUBLISHED, "published_at": when, "created_at": when,
                    "updated_at": when, "body_format": "markdown",
                })
                links += [{"post_id": post_id, "label_id": labels[name]} for name in names]
                documents.append({"post_id": post_id, "title": title,
                                  "labels": " ".join(names), "body": text})
            connection.execute(sa.insert(Post), posts)
            connection.execute(sa.insert(post_labels), links)
            write_index(connection, documents, [])
        recount(connection, current_zone())
        connection.execute(sa.update(SiteState).values(version=SiteState.version + 1))
    settle(app)
    return added


def settle(app) -> None:
    """On PostgreSQL, what the server does by itself shortly after a large insert, done
    at once so that nothing is measured before it or while it runs. Autovacuum: fresh
    statistics for the planner (without them it takes nearly every post for a draft,
    and plans the home page for an empty table), and the GIN indexes' lists of pending
    entries merged into them (until then, every search reads those lists through: 3 ms
    for a word in 1,000 titles). The checkpointer: the inserted pages written out, which
    otherwise goes on in the background for minutes after 100,000 posts."""
    from blog.extensions import db

    with app.app_context(), db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
            autocommit.execute(sa.text("VACUUM ANALYZE"))
            try:
                autocommit.execute(sa.text("CHECKPOINT"))
            except sa.exc.DBAPIError:  # not a superuser nor in pg_checkpoint: carry on
                print("note: no CHECKPOINT (the bench's database role may not run one)")


def add_comments(post, rng: random.Random, count: int, readers: int) -> None:
    """``count`` approved comments of 40 words under ``post``, every third a reply to the
    one before, from ``readers`` names (committed every 500)."""
    from blog.comments.moderation import new_comment
    from blog.extensions import db
    from blog.models import CommentStatus

    parent = None
    for number in range(count):
        parent = new_comment(post, name=f"Reader {number % readers}",
                             body=" ".join(rng.choice(WORDS) for _ in range(40)),
                             parent=parent if number % 3 else None,
                             status=CommentStatus.APPROVED)
        db.session.flush()
        if number % 500 == 499:
            db.session.commit()
    db.session.commit()


def add_long_thread(app, comments: int) -> str:
    """A post with ``comments`` approved comments, shaped like those on the measured post
    (40 words each, every third a reply); return its path."""
    from blog.extensions import db
    from blog.models import Author, Post
    from blog.posts.links import post_url
    from blog.posts.publishing import publish, set_content
    from blog.utils.database import utcnow

    rng = random.Random(comments)
    with app.test_request_context():
        post = Post(author=db.session.scalar(sa.select(Author)))
        db.session.add(post)
        set_content(post, title="A post everyone answered", body=essay(rng, 0),
                    label_names=rng.sample(LABELS, 3))
        publish(post, at=utcnow() - timedelta(minutes=5), now=utcnow())
        add_comments(post, rng, comments, readers=97)
        path = post_url(post)
    settle(app)
    return path
