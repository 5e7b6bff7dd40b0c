"""Hostile forms and raw bodies, from Hypothesis, for every route that takes a POST:
never a 500, and every 4xx is a page in the blog's layout that says what went wrong.

Each form gets every one of its fields, unknown ones, missing ones and repeated ones,
with values that are plausible or hostile (any Unicode, control characters, NUL, up to
10,000 characters), sent by the reader or the logged-in author as the route expects,
with CSRF off (to reach validation) and on. Raw bodies carry invalid UTF-8, broken
multipart, the wrong Content-Type, JSON, and more bytes than the blog accepts.
"""

import io
import itertools
from contextlib import contextmanager

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from tests.hardening.fuzzing import (
    BARE_POSTS,
    FORM_ROUTES,
    FUZZ,
    HOSTILE_TEXT,
    LAYOUT,
    LOGS_OUT,
    NASTIES,
    ROUTES,
    TINY_GIF,
    assert_handled,
    filled_path,
    form_data,
    form_fields,
    fuzz_blog,
    plausible_fields,
    plausible_path_values,
)

POST_ROUTES = sorted([*FORM_ROUTES, *BARE_POSTS])


@pytest.fixture(scope="module")
def blog(tmp_path_factory):
    """One blog for every example in this module (a fresh one per example would be slow)."""
    with fuzz_blog(tmp_path_factory.mktemp("fuzz-forms")) as blog:
        yield blog


def post_path(blog, endpoint: str) -> str:
    [rule] = [
        rule for rule in blog.app.url_map.iter_rules()
        if rule.endpoint == endpoint and "POST" in rule.methods
    ]
    return filled_path(rule, plausible_path_values(blog, endpoint))


def send(blog, endpoint: str, who: str, **request):
    response = blog.senders.client(who).post(post_path(blog, endpoint), **request)
    if endpoint in LOGS_OUT:
        blog.senders.log_author_in()
    return response


@contextmanager
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        yield
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_the_fuzzer_knows_every_form(blog):
    """A new POST route fails here until ROUTES names its form (or BARE_POSTS lists it)."""
    posted = {rule.endpoint for rule in blog.app.url_map.iter_rules() if "POST" in rule.methods}
    assert posted == set(POST_ROUTES)


def test_known_troubles_in_every_field(blog):
    """Each of NASTIES in each field of each form, the other fields plausible."""
    plausible = plausible_fields(blog)
    for endpoint in FORM_ROUTES:
        route = ROUTES[endpoint]
        fields = form_fields(blog.app, route.form)
        for field, nasty, who in itertools.product(fields, NASTIES, route.senders):
            body = {name: plausible.get(name, "") for name in fields} | {field: nasty}
            if "image" in fields and field != "image":
                body["image"] = (io.BytesIO(TINY_GIF), "dot.gif")
            response = send(blog, endpoint, who, data=body)
            assert_handled(response, f"{endpoint} as {who}: {field}={nasty[:20]!r}")


@pytest.mark.parametrize("endpoint", FORM_ROUTES)
@settings(FUZZ, max_examples=30)
@given(data=st.data())
def test_hostile_forms_get_a_page_not_an_error(blog, endpoint, data):
    route = ROUTES[endpoint]
    fields = form_fields(blog.app, route.form)
    body = MultiDict(form_data(data.draw, fields, plausible_fields(blog)))
    multipart = data.draw(st.booleans()) or endpoint == "uploads.manage"
    who = data.draw(st.sampled_from(route.senders))
    accept = data.draw(st.sampled_from(["text/html", "application/json", "*/*", ""]))

    response = send(
        blog, endpoint, who, data=body, headers={"Accept": accept},
        content_type="multipart/form-data" if multipart else None,
    )

    assert_handled(response, f"{endpoint} as {who}: {body!r}"[:2000])


@pytest.mark.parametrize("endpoint", POST_ROUTES)
@settings(FUZZ, max_examples=10)
@given(token=HOSTILE_TEXT, data=st.data())
def test_forged_tokens_are_refused_with_a_page(blog, endpoint, token, data):
    route = ROUTES[endpoint]
    fields = form_fields(blog.app, route.form)
    body = MultiDict(form_data(data.draw, fields, plausible_fields(blog)))
    body.setlist("csrf_token", [token])

    with csrf_on(blog.app):
        response = send(blog, endpoint, route.senders[-1], data=body)

    assert_handled(response, f"{endpoint}: {token!r}")
    assert response.status_code != 302, "a form with a forged token was acted on"


BOUNDARY = "fuzzboundary"
CONTENT_TYPES = st.one_of(
    st.sampled_from([
        "application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=latin-1",
        "application/x-www-form-urlencoded; charset=no-such-charset",
        f"multipart/form-data; boundary={BOUNDARY}",
        "multipart/form-data",
        "multipart/form-data; boundary=",
        'multipart/form-data; boundary="',
        "application/json",
        "text/plain",
        "application/octet-stream",
        "image/png",
    ]),
    st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=40),
)


def multipart_body(parts: list[tuple[bytes, bytes]], closed: bool) -> bytes:
    """A multipart body whose names and contents are raw bytes, perhaps not UTF-8."""
    body = b"".join(
        b"--" + BOUNDARY.encode() + b"\r\nContent-Disposition: form-data; name=\"" + name
        + b"\"\r\n\r\n" + content + b"\r\n"
        for name, content in parts
    )
    return body + (b"--" + BOUNDARY.encode() + b"--\r\n" if closed else b"")


RAW_BODIES = st.one_of(
    st.binary(max_size=300),
    # Invalid UTF-8 in an otherwise ordinary urlencoded form.
    st.lists(st.tuples(st.binary(max_size=12), st.binary(max_size=40)), max_size=5).map(
        lambda pairs: b"&".join(name + b"=" + value for name, value in pairs)
    ),
    st.builds(
        multipart_body,
        st.lists(st.tuples(st.sampled_from([b"body", b"title", b"username", b"\xff\xfe"]),
                           st.binary(max_size=60)), max_size=4),
        st.booleans(),
    ),
    st.sampled_from([b'{"body": "hello", "title": "T"}', b"[1, 2, 3]", b"null", b"{"]),
)


@pytest.mark.parametrize("endpoint", POST_ROUTES)
@settings(FUZZ, max_examples=15)
@given(body=RAW_BODIES, content_type=CONTENT_TYPES)
def test_raw_bodies_get_a_page_not_an_error(blog, endpoint, body, content_type):
    route = ROUTES[endpoint]

    response = send(
        blog, endpoint, route.senders[-1], data=body, headers={"Content-Type": content_type}
    )

    assert_handled(response, f"{endpoint} {content_type!r}: {body!r}")


@pytest.mark.parametrize("endpoint", POST_ROUTES)
def test_bodies_over_the_limit_get_a_413_page_that_says_the_limit(blog, endpoint):
    """With CSRF on, as in production: every POST reads its body before anything else."""
    upload = endpoint == "uploads.manage"
    limit_setting = "UPLOAD_MAX_BYTES" if upload else "MAX_CONTENT_LENGTH"
    limit = blog.app.config[limit_setting]
    # The upload route allows its image plus 64 KB of form around it.
    too_many = limit + (64 * 1024 if upload else 0) + 1
    body = b"body=" + b"x" * too_many

    with csrf_on(blog.app):
        response = send(
            blog, endpoint, ROUTES[endpoint].senders[-1], data=body,
            content_type="application/x-www-form-urlencoded",
        )

    assert response.status_code == 413
    assert all(landmark in response.text for landmark in LAYOUT)
    limit_in_words = f"{limit // (1024 * 1024)} MB"
    assert limit_in_words in response.text, f"{endpoint} does not say {limit_in_words}"
