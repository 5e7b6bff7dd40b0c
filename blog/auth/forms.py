"""The author's log-in: the password, then (with two-factor log-in on) a code."""
from wtforms import BooleanField, PasswordField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, ValidationError

from blog.two_factor.totp import looks_like_code
from blog.web.forms import BlogForm


class LoginForm(BlogForm):
    username = StringField("Username", validators=[InputRequired(), Length(max=64)])
    password = PasswordField("Password", validators=[InputRequired(), Length(max=1024)])
    remember = BooleanField("Remember me")
    submit = SubmitField("Log in")


class CodeForm(BlogForm):
    code = StringField(
        "Code from your authenticator app",
        validators=[InputRequired("Enter the 6-digit code your app shows."), Length(max=20)],
    )
    submit = SubmitField("Log in")

    def validate_code(self, field):
        if not looks_like_code(field.data):
            raise ValidationError("The code is the 6 digits your app shows, like 123 456.")


class RecoveryForm(BlogForm):
    code = StringField(
        "Recovery code",
        validators=[InputRequired("Enter one of your recovery codes."), Length(max=40)],
    )
    submit = SubmitField("Log in")
