from wtforms import BooleanField, PasswordField, StringField, SubmitField
from wtforms.validators import InputRequired, Length

from blog.forms import BlogForm


class LoginForm(BlogForm):
    username = StringField("Username", validators=[InputRequired(), Length(max=64)])
    password = PasswordField("Password", validators=[InputRequired(), Length(max=1024)])
    remember = BooleanField("Remember me")
    submit = SubmitField("Log in")
