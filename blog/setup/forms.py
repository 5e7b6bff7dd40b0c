from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from blog.auth.passwords import password_problem
from blog.settings.forms import settings_fields
from blog.web.forms import BlogForm


class SetupForm(settings_fields("TITLE", "DESCRIPTION", "TIMEZONE"), BlogForm):
    code = HiddenField()
    display_name = StringField(
        _l("Your name, as readers see it"),
        validators=[DataRequired(_l("Say whose blog this is.")), Length(max=100)],
    )
    username = StringField(
        _l("Username (to log in)"),
        validators=[DataRequired(_l("Choose a username to log in with.")), Length(max=64)],
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Choose a password.")), Length(max=1024)]
    )
    confirm = PasswordField(
        _l("The password again"),
        validators=[EqualTo("password", _l("The two passwords are not the same."))],
    )
    submit = SubmitField(_l("Create the blog"))

    def validate_username(self, field):
        if any(char.isspace() for char in field.data.strip()):
            raise ValidationError(_("A username has no spaces."))

    def validate_password(self, field):
        problem = password_problem(field.data or "")
        if problem:
            raise ValidationError(problem)
