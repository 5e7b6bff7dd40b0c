from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, ValidationError

from blog.two_factor.totp import looks_like_code
from blog.web.forms import BlogForm


class EnableForm(BlogForm):
    # The secret is the server's (blog.two_factor.switch.setup_secret), never a field.
    # The password is asked for, and checked by the view, when the log-in is not recent.
    password = PasswordField(_l("Your password"), validators=[Length(max=1024)])
    code = StringField(
        _l("Code from the app"),
        validators=[InputRequired(_l("Enter the 6-digit code your app shows.")), Length(max=20)],
    )
    submit = SubmitField(_l("Turn on two-factor log-in"))

    def validate_code(self, field):
        if not looks_like_code(field.data):
            raise ValidationError(_("The code is the 6 digits your app shows, like 123 456."))


class DisableForm(BlogForm):
    password = PasswordField(
        _l("Your password"),
        validators=[InputRequired(_l("Enter your password.")), Length(max=1024)],
    )
    code = StringField(
        _l("Code from the app, or a recovery code"),
        validators=[InputRequired(_l("Enter a code.")), Length(max=40)],
    )
    submit = SubmitField(_l("Turn off two-factor log-in"))


class RegenerateForm(BlogForm):
    password = PasswordField(
        _l("Your password"),
        validators=[InputRequired(_l("Enter your password.")), Length(max=1024)],
    )
    submit = SubmitField(_l("Make new recovery codes"))
