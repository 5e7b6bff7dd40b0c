"""Hostile addresses, from Hypothesis, for every route: never a 500, and every 4xx is a
page in the blog's layout that says what went wrong.

Path variables get any Unicode, control characters, NUL, stray and broken %-escapes,
values up to 10,000 characters, numbers far out of range and text where a number
belongs; the query parameters each view reads get the same, with repeats and strangers.
Forms and raw bodies are in test_fuzzing_forms.py.
"""

from urllib.parse import quote, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.hardening.fuzzing import (
    EVERYWHERE,
    FUZZ,
    LOGS_OUT,
    NASTIES,
    NASTY_SEGMENTS,
    ROUTES,
    assert_handled,
    filled_path,
    fuzz_blog,
    fuzzed_path,
    query_string,
)


@pytest.fixture(scope="module")
def blog(tmp_path_factory):
    """One blog for every example in this module (a fresh one per example would be slow)."""
    with fuzz_blog(tmp_path_factory.mktemp("fuzz")) as blog:
        yield blog


def real_page_values(blog) -> dict:
    """Path values that name things the blog has, so the view reads its query."""
    _, year, month, slug = blog.post.path.split("/")
    return {
        "year": year, "month": month, "day": "01", "slug": slug, "name": "Energy",
        "post_id": blog.post.id, "version_id": blog.version_id, "blogger_id": 1,
        "comment_id": blog.comment_ids[0], "token": "not-a-token", "subscription_id": 1,
        "filename": "css/blog.css", "kind": "rss2", "login_id": 1,
    }


def test_the_fuzzer_knows_every_route(blog):
    """A new route fails here until ROUTES says what its view reads and who sends it."""
    assert {rule.endpoint for rule in blog.app.url_map.iter_rules()} == set(ROUTES)


def test_known_troubles_in_every_variable_and_parameter(blog):
    """Each of NASTIES in each path variable, and in each query parameter of a real page."""
    pages = real_page_values(blog)
    for rule in blog.app.url_map.iter_rules():
        route = ROUTES[rule.endpoint]
        method = "GET" if "GET" in rule.methods else "POST"
        client = blog.senders.client(route.senders[0])
        urls = [
            filled_path(rule, pages | {name: nasty})
            for name in rule.arguments for nasty in NASTY_SEGMENTS
        ] + [
            f"{filled_path(rule, pages)}?{urlencode({name: nasty}, quote_via=quote)}"
            for name in {*EVERYWHERE, *route.query} for nasty in NASTIES
        ]
        for url in urls:
            assert_handled(client.open(url, method=method), f"{method} {url[:300]}")
            if rule.endpoint in LOGS_OUT:
                blog.senders.log_author_in()


@pytest.mark.parametrize("endpoint", sorted(ROUTES))
@FUZZ
@given(data=st.data())
def test_hostile_addresses_get_a_page_not_an_error(blog, endpoint, data):
    route = ROUTES[endpoint]
    rules = [rule for rule in blog.app.url_map.iter_rules() if rule.endpoint == endpoint]
    rule = data.draw(st.sampled_from(rules))
    # A real page half of the time, so the query reaches the view behind the path.
    real = data.draw(st.booleans())
    path = filled_path(rule, real_page_values(blog)) if real else fuzzed_path(data.draw, rule)
    query = query_string(data.draw, {*EVERYWHERE, *route.query})
    usual = "GET" if "GET" in rule.methods else "POST"
    method = data.draw(st.sampled_from([usual, "PUT", "DELETE", "PATCH", "PROPFIND"]))
    who = data.draw(st.sampled_from(route.senders))

    response = blog.senders.client(who).open(f"{path}?{query}", method=method)

    assert_handled(response, f"{method} {path}?{query}")
    if endpoint in LOGS_OUT:
        blog.senders.log_author_in()
