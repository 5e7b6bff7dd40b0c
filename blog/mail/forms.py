from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length

from blog.web.forms import BlogForm


class TestMessageForm(BlogForm):
    recipient = StringField(
        "Send it to",
        validators=[DataRequired("Say where to send it."), Length(max=254),
                    Email("Enter an e-mail address like name@example.org.")],
    )
    submit = SubmitField("Send a test message")


class FollowForm(BlogForm):
    """"Follow by e-mail" in every page's sidebar: the same for every reader (kept pages),
    so it carries no CSRF token; the confirmation mail is the check."""

    class Meta:
        csrf = False

    email = StringField(
        "Your e-mail address",
        validators=[DataRequired("Give the address to mail the new posts to."),
                    Length(max=254), Email("Enter an e-mail address like name@example.org.")],
    )
    submit = SubmitField("Follow")
