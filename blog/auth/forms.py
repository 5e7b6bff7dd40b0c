"""The author's log-in: the password, then (with two-factor log-in on) a code."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, ValidationError

from blog.two_factor.totp import looks_like_code
from blog.web.forms import BlogForm


class LoginForm(BlogForm):
    username = StringField(_l("Username"), validators=[InputRequired(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(max=1024)])
    remember = BooleanField(_l("Remember me"))
    # Translators: the button that logs the author in (a verb).
    submit = SubmitField(_l("Log in"))


class CodeForm(BlogForm):
    code = StringField(
        _l("Code from your authenticator app"),
        validators=[InputRequired(_l("Enter the 6-digit code your app shows.")), Length(max=20)],
    )
    # Translators: the button that logs the author in (a verb).
    submit = SubmitField(_l("Log in"))

    def validate_code(self, field):
        if not looks_like_code(field.data):
            raise ValidationError(_("The code is the 6 digits your app shows, like 123 456."))


class RecoveryForm(BlogForm):
    code = StringField(
        _l("Recovery code"),
        validators=[InputRequired(_l("Enter one of your recovery codes.")), Length(max=40)],
    )
    # Translators: the button that logs the author in (a verb).
    submit = SubmitField(_l("Log in"))
