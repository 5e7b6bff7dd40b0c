"""Input guards at their edges: numbers read from outside stop exactly at the id columns'
range, and no address variable of any kind hands a view a NUL (docs/mutation.md)."""

import pytest
from werkzeug.exceptions import NotFound
from werkzeug.routing import Map, Rule

from blog.web.inputs import MAX_ID, BoundedIntegerConverter, size_in_words, whole_number

HUGE = "99999999999999999999999"  # past SQLite's 64 bits too: an OverflowError there


@pytest.mark.parametrize(("text", "number"), [
    ("1", 1), ("42", 42), (str(MAX_ID), MAX_ID),
    ("0", None), (str(MAX_ID + 1), None), (HUGE, None), ("", None), (None, None),
])
def test_whole_numbers_run_from_one_to_the_largest_id(text, number):
    assert whole_number(text) == number


def test_a_smaller_maximum_is_kept_to_exactly():
    assert whole_number("5", maximum=5) == 5
    assert whole_number("6", maximum=5) is None
    assert whole_number("10", maximum=9) is None


def addresses() -> Map:
    return Map([Rule("/posts/<int:post_id>")], converters={"int": BoundedIntegerConverter})


@pytest.mark.parametrize(("path", "post_id"), [
    ("/posts/7", 7), ("/posts/12", 12), (f"/posts/{MAX_ID}", MAX_ID),
])
def test_an_id_in_an_address_is_read_up_to_the_largest(path, post_id):
    assert addresses().bind("localhost").match(path) == (None, {"post_id": post_id})


@pytest.mark.parametrize("path", [f"/posts/{MAX_ID + 1}", f"/posts/{HUGE}", "/posts/-1"])
def test_an_id_past_the_range_or_below_zero_is_not_found(path):
    with pytest.raises(NotFound):
        addresses().bind("localhost").match(path)


def test_a_rule_may_still_name_its_own_bounds():
    months = Map([Rule("/<int(fixed_digits=4):year>/<int(max=12):month>")],
                 converters={"int": BoundedIntegerConverter}).bind("localhost")

    assert months.match("/2020/12") == (None, {"year": 2020, "month": 12})
    with pytest.raises(NotFound):
        months.match("/2020/13")
    with pytest.raises(NotFound):
        months.match("/20201/12")
    years = Map([Rule("/<int(4):year>")], converters={"int": BoundedIntegerConverter})
    with pytest.raises(NotFound):  # werkzeug's arguments by position work too
        years.bind("localhost").match("/20201")


def test_the_blogs_own_addresses_refuse_a_huge_id(client, logged_in):
    for path in (f"/dashboard/posts/{HUGE}/edit", f"/posts/{HUGE}/comments",
                 f"/feeds/posts/{HUGE}/comments.atom"):
        assert client.get(path).status_code in (404, 405), path


@pytest.mark.parametrize("path", [
    "/p/about\x00me",  # <slug>: the default converter
    "/label/Energy\x00",  # <path:name>
    "/uploads/a\x00.png",  # <name>
])
def test_no_kind_of_address_variable_hands_a_view_a_nul(client, author, nul_refused, path):
    response = client.get("/", environ_overrides={"PATH_INFO": path})

    assert response.status_code == 404


@pytest.mark.parametrize("path", [
    "/p/about\x07me",  # <slug>: the default converter
    "/label/Energy\x1b[31m",  # <path:name>
    "/probe/a\tb",  # <string:name>, which no route of the blog uses yet
])
def test_routing_itself_refuses_a_control_character_in_any_variable(app, path):
    app.add_url_rule("/probe/<string:name>", "probe", lambda name: name)

    with pytest.raises(NotFound):
        app.url_map.bind("localhost").match(path)


@pytest.mark.parametrize("path", ["/search/label/Energy\t", "/author/ana\x1b[31m"])
def test_an_old_address_with_a_control_character_is_not_found_not_redirected(
    client, make_post, path
):
    make_post(labels=("Energy",))

    response = client.get("/", environ_overrides={"PATH_INFO": path})

    assert response.status_code == 404


@pytest.mark.parametrize(("size", "words"), [
    (900, "900 bytes"), (1023, "1,023 bytes"), (1024, "1 KB"), (1536, "1.5 KB"),
    (1024 * 1024 - 1, "1024 KB"), (1024 * 1024, "1 MB"), (5 * 1024 * 1024 // 2, "2.5 MB"),
])
def test_sizes_read_as_people_say_them(size, words):
    assert size_in_words(size) == words
