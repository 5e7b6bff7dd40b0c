from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField, SubmitField
from wtforms.validators import InputRequired, Length

from blog.form_filters import without_control_characters


class LoginForm(FlaskForm):
    username = StringField(
        "Username",
        filters=[without_control_characters],
        validators=[InputRequired(), Length(max=64)],
    )
    password = PasswordField("Password", validators=[InputRequired(), Length(max=1024)])
    remember = BooleanField("Remember me")
    submit = SubmitField("Log in")
