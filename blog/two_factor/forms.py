from wtforms import HiddenField, PasswordField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, ValidationError

from blog.two_factor.totp import is_secret, looks_like_code
from blog.web.forms import BlogForm


class EnableForm(BlogForm):
    # The secret shown on the page travels with the form, so a wrong code can be tried
    # again with the same QR code; nothing is stored until a code proves the app has it.
    secret = HiddenField(validators=[InputRequired()])
    code = StringField(
        "Code from the app",
        validators=[InputRequired("Enter the 6-digit code your app shows."), Length(max=20)],
    )
    submit = SubmitField("Turn on two-factor log-in")

    def validate_secret(self, field):
        if not is_secret(field.data):
            raise ValidationError("The set-up form was damaged; start again.")

    def validate_code(self, field):
        if not looks_like_code(field.data):
            raise ValidationError("The code is the 6 digits your app shows, like 123 456.")


class DisableForm(BlogForm):
    password = PasswordField(
        "Your password", validators=[InputRequired("Enter your password."), Length(max=1024)]
    )
    code = StringField(
        "Code from the app, or a recovery code",
        validators=[InputRequired("Enter a code."), Length(max=40)],
    )
    submit = SubmitField("Turn off two-factor log-in")


class RegenerateForm(BlogForm):
    password = PasswordField(
        "Your password", validators=[InputRequired("Enter your password."), Length(max=1024)]
    )
    submit = SubmitField("Make new recovery codes")
