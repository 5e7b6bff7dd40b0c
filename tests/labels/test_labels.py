"""Label pages and the sidebar's list of labels."""

from urllib.parse import quote

import pytest


def test_label_page_lists_posts_with_that_label(client, make_post):
    make_post(title="On tariffs", labels=("Energy", "Economics"))
    make_post(title="On zoning", labels=("Cities",))

    html = client.get("/label/Energy").text

    assert "Posts labelled <q>Energy</q>" in html
    assert "On tariffs" in html and "On zoning" not in html


def test_labels_with_spaces_and_non_latin_names_have_working_pages(client, make_post):
    make_post(title="Levant", labels=("Middle East", "الشرق الأوسط"))

    home = client.get("/").text

    assert f'href="/label/{quote("Middle East")}"' in home
    assert "Levant" in client.get("/label/Middle%20East").text
    assert "Levant" in client.get("/label/" + quote("الشرق الأوسط")).text


def test_sidebar_lists_labels_with_counts(client, make_post):
    make_post(title="One", labels=("Energy",))
    make_post(title="Two", labels=("Energy", "Cities"))

    html = client.get("/").text

    assert 'Cities</a> <span class="count">(1)</span>' in html
    assert 'Energy</a> <span class="count">(2)</span>' in html


def test_unknown_label_is_a_404(client, author):
    assert client.get("/label/Nothing").status_code == 404


@pytest.mark.parametrize("path", ["/label/a%00b", "/feeds/label/a%00b.atom", "/label/%0a"])
def test_control_characters_in_a_label_address_are_404_before_any_query(
    client, make_post, nul_refused, path
):
    make_post(labels=("a b",))

    assert client.get(path).status_code == 404
