"""Every route, checked from its URL rule: who may reach it, and how data may change.

Adding a route fails this file until the route is listed below as public or the
author's, so no page is left out of the access rules by accident.
"""

import re

from werkzeug.exceptions import MethodNotAllowed

# Pages anyone may read (GET only, unless listed in PUBLIC_FORMS).
PUBLIC = {
    "archive.period", "comments.form_token", "comments.permalink", "feeds.comments",
    "feeds.label_atom", "feeds.post_comments",
    "feeds.posts_atom", "feeds.posts_rss", "feeds.robots", "feeds.sitemap", "labels.detail",
    "legacy.blogger_archive", "legacy.blogger_comments_feed", "legacy.blogger_label",
    "legacy.blogger_label_feed", "legacy.blogger_post_comments_feed",
    "legacy.blogger_posts_feed", "legacy.wordpress_author", "legacy.wordpress_comments_feed",
    "legacy.wordpress_feed", "legacy.wordpress_label", "pages.detail", "posts.detail",
    "posts.index", "search.results", "static", "stats_counting.seen",
    "uploads.serve",
}
# Forms anyone may send.
PUBLIC_FORMS = {
    "auth.code", "auth.login", "auth.recovery_code", "comments.create", "setup.start",
    "subscriptions.confirm", "subscriptions.unsubscribe_link", "subscriptions.follow_blog",
}
# Everything else is the author's.
AUTHOR = {
    "account.end_other_sessions", "account.end_session", "account.password",
    "account.profile", "account.sessions",
    "auth.logout", "comments.act", "comments.moderate", "comments.confirm", "dashboard.create",
    "mail.status", "mail.send_test", "mail.followers", "mail.remove_follower",
    "mail.followers_file", "stats.overview",
    "dashboard.create_page", "dashboard.pages", "dashboard.move_page",
    "dashboard.delete", "dashboard.edit", "dashboard.index", "dashboard.purge",
    "dashboard.restore", "dashboard.sample_essays", "dashboard.settings", "dashboard.trash",
    "dashboard.untrash",
    "two_factor.disable",
    "two_factor.enable", "two_factor.regenerate", "two_factor.settings", "uploads.manage",
}


def sample_url(rule) -> str:
    """The rule's path with a plausible value in each variable."""
    def fill(match):
        converter = match.group(1) or ""
        if converter.startswith("int(fixed_digits=4)"):
            return "2020"
        if converter.startswith("int(fixed_digits=2)"):
            return "01"
        return "1" if converter.startswith("int") else "x"

    return re.sub(r"<(?:([^:>]+):)?[^>]+>", fill, rule.rule)


def rules(app, methods=None):
    for rule in app.url_map.iter_rules():
        if methods is None or rule.methods & methods:
            yield rule


def test_every_route_is_classified(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}

    assert endpoints == PUBLIC | PUBLIC_FORMS | AUTHOR
    assert not (PUBLIC & AUTHOR) and not (PUBLIC_FORMS & AUTHOR)


def test_author_routes_send_readers_to_log_in(app, client, make_post):
    make_post()
    for rule in rules(app):
        if rule.endpoint not in AUTHOR:
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = client.open(sample_url(rule), method=method)
            assert response.status_code == 302, (method, rule.rule)
            assert response.headers["Location"].startswith("/login"), (method, rule.rule)


def test_public_pages_change_nothing_on_post(app, client):
    for rule in rules(app):
        if rule.endpoint in PUBLIC:
            assert rule.methods - {"HEAD", "OPTIONS"} == {"GET"}, rule.rule


def test_routes_that_change_data_refuse_get(app):
    """A GET to a POST-only route never runs it (405, or another page at that address)."""
    urls = app.url_map.bind("localhost")
    post_only = [rule for rule in rules(app, {"POST"}) if "GET" not in rule.methods]
    assert post_only
    for rule in post_only:
        try:
            endpoint, _ = urls.match(sample_url(rule), method="GET")
        except MethodNotAllowed:
            continue
        assert endpoint != rule.endpoint and endpoint in PUBLIC | AUTHOR, rule.rule


def test_every_post_without_a_valid_csrf_token_is_refused(
    app, client, logged_in, make_post, make_comment
):
    post = make_post()
    make_comment(post.id)
    app.config["WTF_CSRF_ENABLED"] = True
    visitor = app.test_client()
    for rule in rules(app, {"POST"}):
        sender = visitor if rule.endpoint in PUBLIC_FORMS else client
        response = sender.post(sample_url(rule), data={
            "csrf_token": "forged", "one": "approve:1", "title": "T", "body": "B",
            "publish": "1", "username": "ana", "password": "correct horse battery staple",
        })
        # 410: a page that does nothing any more (/setup, once the blog has its author).
        refused = response.status_code in (400, 404, 410) or (
            response.status_code in (200, 422) and "This form had expired" in response.text
        )
        assert refused, (rule.rule, response.status_code)
