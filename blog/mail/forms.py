from flask_babel import lazy_gettext as _l
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length

from blog.web.forms import BlogForm


class TestMessageForm(BlogForm):
    recipient = StringField(
        _l("Send it to"),
        validators=[DataRequired(_l("Say where to send it.")), Length(max=254),
                    Email(_l("Enter an e-mail address like name@example.org."))],
    )
    submit = SubmitField(_l("Send a test message"))


class FollowForm(BlogForm):
    """"Follow by e-mail" in every page's sidebar: the same for every reader (kept pages),
    so it carries no CSRF token; the confirmation mail is the check."""

    class Meta:
        csrf = False

    email = StringField(
        _l("Your e-mail address"),
        validators=[DataRequired(_l("Give the address to mail the new posts to.")),
                    Length(max=254), Email(_l("Enter an e-mail address like name@example.org."))],
    )
    # Translators: the button that follows the blog by e-mail (a verb).
    submit = SubmitField(_l("Follow"))
