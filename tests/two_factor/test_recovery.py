"""Recovery codes at the edges: what a code looks like, how it may be typed, what it opens."""

import hashlib
import re

import pytest

from blog.extensions import db
from blog.models import Author, RecoveryCode
from blog.two_factor import recovery

CODE = re.compile(r"[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}")


@pytest.fixture
def saved_author(app, author):
    with app.app_context():
        yield db.session.get(Author, author)


def test_a_code_is_sixteen_letters_in_four_groups_none_repeating_another(saved_author):
    codes = recovery.replace_codes(saved_author)

    assert len(set(codes)) == recovery.HOW_MANY
    for code in codes:
        assert CODE.fullmatch(code), code
        groups = code.split("-")
        # Sixteen letters of their own, not one run of seven read four times over.
        pairs = zip(groups, groups[1:], strict=False)
        assert any(left[1:] != right[:3] for left, right in pairs), code


def test_a_code_saved_by_an_earlier_version_still_works(saved_author):
    # Codes are kept as the SHA-256 of their letters, lower case, without the dashes.
    db.session.add(RecoveryCode(author_id=saved_author.id,
                                digest=hashlib.sha256(b"abcd2345efgh6723").hexdigest()))

    assert recovery.use_code(saved_author, "ABCD 2345 EFGH-6723")
    assert recovery.remaining(saved_author) == 0


@pytest.mark.parametrize("typed", ["", " ", "- - - -", None])
def test_a_code_with_no_letters_opens_nothing_and_uses_nothing(saved_author, typed):
    recovery.replace_codes(saved_author)

    assert not recovery.use_code(saved_author, typed)
    assert recovery.remaining(saved_author) == recovery.HOW_MANY


def test_another_accounts_code_does_not_open_this_one(saved_author):
    other = Author(username="someone-else", display_name="Someone Else")
    other.set_password("another long password")
    db.session.add(other)
    db.session.flush()
    others_code = recovery.replace_codes(other)[0]
    recovery.replace_codes(saved_author)

    assert not recovery.use_code(saved_author, others_code)
    assert recovery.remaining(other) == recovery.HOW_MANY
    assert recovery.use_code(other, others_code)


def test_forgetting_the_codes_leaves_none_and_touches_no_other_account(saved_author):
    other = Author(username="someone-else", display_name="Someone Else")
    other.set_password("another long password")
    db.session.add(other)
    db.session.flush()
    recovery.replace_codes(other)
    codes = recovery.replace_codes(saved_author)

    recovery.forget_codes(saved_author)

    assert recovery.remaining(saved_author) == 0
    assert not recovery.use_code(saved_author, codes[0])
    assert recovery.remaining(other) == recovery.HOW_MANY
