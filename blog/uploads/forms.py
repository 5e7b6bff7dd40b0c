from flask_wtf.file import FileField, FileRequired
from wtforms import StringField, SubmitField
from wtforms.validators import Length

from blog.web.forms import BlogForm


class UploadForm(BlogForm):
    image = FileField("Image", validators=[FileRequired("Choose an image to upload.")])
    alt = StringField("Description (alt text)", validators=[Length(max=300)])
    submit = SubmitField("Upload")
