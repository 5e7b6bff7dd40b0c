from wtforms import HiddenField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, ValidationError

from blog.auth.passwords import password_problem
from blog.utils.dates import time_zone_choices
from blog.web.forms import BlogForm


class SetupForm(BlogForm):
    code = HiddenField()
    title = StringField(
        "Blog title", validators=[DataRequired("Give the blog a title."), Length(max=200)]
    )
    description = StringField("Short description", validators=[Optional(), Length(max=300)])
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
    timezone = SelectField("Time zone", default="UTC", validate_choice=False)
    submit = SubmitField("Create the blog")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = time_zone_choices()

    def validate_username(self, field):
        if any(char.isspace() for char in field.data.strip()):
            raise ValidationError("A username has no spaces.")

    def validate_password(self, field):
        problem = password_problem(field.data or "")
        if problem:
            raise ValidationError(problem)

    def validate_timezone(self, field):
        if field.data not in set(self.timezone.choices):
            raise ValidationError("Choose a time zone from the list.")
