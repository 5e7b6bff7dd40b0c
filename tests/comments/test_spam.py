"""Spam scoring at its edges: each signal, its points and the reason the author reads, and
where each one starts to count (docs/mutation.md)."""

import time

import pytest

from blog.comments.spam import form_stamp, score_comment, seconds_since_stamp

POST_TEXT = "Why fixed charges on the electricity grid make rooftop solar pay back slower."
PLAIN = {
    "body": "The point about fixed charges is right.",
    "website": "",
    "honeypot": "",
    "seconds_to_post": 40.0,
    "post_text": POST_TEXT,
    "min_seconds": 3,
    "max_links": 2,
}


def score(**changes):
    return score_comment(**(PLAIN | changes))


def test_a_plain_comment_scores_nothing():
    verdict = score()

    assert verdict.score == 0 and verdict.reasons == []


def test_a_filled_honeypot_scores_ten_but_spaces_alone_do_not():
    assert score(honeypot="   \n").score == 0

    verdict = score(honeypot="http://spam.example")

    assert verdict.score == 10
    assert verdict.reasons == ["filled in the hidden field only bots see (+10)"]


def test_a_missing_stamp_and_a_hasty_post_score_five_each_with_the_time():
    missing = score(seconds_to_post=None)
    hasty = score(seconds_to_post=1.25, min_seconds=2.5)

    assert missing.reasons == ["the form's signed timestamp was missing or forged (+5)"]
    assert hasty.reasons == [
        "posted 1.2 s after the form was shown (people take at least 2.5 s) (+5)"
    ]
    assert missing.score == hasty.score == 5
    assert score(seconds_to_post=3.0, min_seconds=3).score == 0


def test_links_past_the_limit_score_two_each_counting_the_website():
    at_the_limit = score(body="See https://a.example on fixed charges.",
                         website="https://c.example")
    over = score(body="See https://a.example, www.b.example and https://d.example.",
                 website="https://c.example")
    no_website = score(body="See https://a.example, www.b.example and https://d.example.")

    assert at_the_limit.score == 0 and at_the_limit.reasons == []
    assert over.score == 4
    assert over.reasons == ["4 links, counting the website (at most 2) (+4)"]
    assert no_website.reasons == ["3 links, counting the website (at most 2) (+2)"]


def test_each_stock_phrase_scores_two_up_to_three_phrases():
    one = score(body="Truly impressed by the fixed charges argument.")
    many = score(body="First time here, truly impressed. Great post! Keep it up. "
                      "Very informative about fixed charges.")

    assert one.reasons == ["stock praise: “Truly impressed” (+2)"]
    assert many.score == 6
    assert many.reasons == [
        "stock praise: “First time here” (+2)",
        "stock praise: “truly impressed” (+2)",
        "stock praise: “Great post” (+2)",
    ]


def test_praise_with_a_link_about_nothing_in_the_post_scores_two_more():
    unrelated = score(body="Great post, very nice.", website="https://deals.example")
    related = score(body="Great post about ROOFTOP panels.", website="https://reader.example")
    no_link = score(body="Great post, very nice.")
    short_words_only = score(body="Great post on the grid, why not", website="https://x.example")

    assert "praise with a link, about nothing in the post (+2)" in unrelated.reasons
    assert unrelated.score == 6
    assert related.score == 2
    assert no_link.score == 4
    # Words under five letters ("grid", "why") say nothing about what a comment is on.
    assert short_words_only.score == 4


def test_the_form_stamp_tells_how_long_ago_the_form_was_shown_for_that_post():
    stamp = form_stamp("secret", 7)

    seconds = seconds_since_stamp("secret", stamp, 7)

    assert seconds is not None and 0 <= seconds < 60


@pytest.mark.parametrize(("key", "stamp_post", "post"), [
    ("another secret", 7, 7),  # forged
    ("secret", 8, 7),  # shown for another post
])
def test_a_stamp_forged_or_for_another_post_tells_nothing(key, stamp_post, post):
    assert seconds_since_stamp("secret", form_stamp(key, stamp_post), post) is None


@pytest.mark.parametrize("stamp", ["", "garbage", None])
def test_a_missing_or_garbled_stamp_tells_nothing(stamp):
    assert seconds_since_stamp("secret", stamp, 7) is None


def test_a_stamp_counts_for_a_week_and_no_longer(monkeypatch):
    stamp = form_stamp("secret", 7)
    real_time = time.time

    monkeypatch.setattr(time, "time", lambda: real_time() + 7 * 24 * 3600 - 5)
    assert seconds_since_stamp("secret", stamp, 7) is not None

    monkeypatch.setattr(time, "time", lambda: real_time() + 7 * 24 * 3600 + 5)
    assert seconds_since_stamp("secret", stamp, 7) is None
