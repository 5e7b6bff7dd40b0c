from wtforms import HiddenField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from blog.auth.passwords import password_problem
from blog.settings.forms import settings_fields
from blog.web.forms import BlogForm


class SetupForm(settings_fields("TITLE", "DESCRIPTION", "TIMEZONE"), BlogForm):
    code = HiddenField()
    display_name = StringField(
        "Your name, as readers see it",
        validators=[DataRequired("Say whose blog this is."), Length(max=100)],
    )
    username = StringField(
        "Username (to log in)",
        validators=[DataRequired("Choose a username to log in with."), Length(max=64)],
    )
    password = PasswordField(
        "Password", validators=[DataRequired("Choose a password."), Length(max=1024)]
    )
    confirm = PasswordField(
        "The password again",
        validators=[EqualTo("password", "The two passwords are not the same.")],
    )
    submit = SubmitField("Create the blog")

    def validate_username(self, field):
        if any(char.isspace() for char in field.data.strip()):
            raise ValidationError("A username has no spaces.")

    def validate_password(self, field):
        problem = password_problem(field.data or "")
        if problem:
            raise ValidationError(problem)
