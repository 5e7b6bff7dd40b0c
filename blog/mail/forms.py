from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length

from blog.web.forms import BlogForm


class TestMessageForm(BlogForm):
    recipient = StringField(
        "Send it to",
        validators=[DataRequired("Say where to send it."), Length(max=254),
                    Email("Enter an e-mail address like name@example.org.")],
    )
    submit = SubmitField("Send a test message")
