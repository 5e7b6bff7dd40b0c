"""The password rule at its edge (docs/mutation.md)."""

from blog.auth.passwords import MIN_PASSWORD_LENGTH, password_problem


def test_ten_characters_will_do_and_nine_will_not(app):
    with app.app_context():  # the refusal is said in the blog's language
        assert MIN_PASSWORD_LENGTH == 10
        assert password_problem("a" * 10) is None
        assert password_problem("a" * 9) == "The password must be at least 10 characters long."
