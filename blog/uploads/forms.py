from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField, SubmitField
from wtforms.validators import Length

from blog.web.forms import BlogForm


class UploadForm(BlogForm):
    image = FileField(_l("Image"), validators=[FileRequired(_l("Choose an image to upload."))])
    alt = StringField(_l("Description (alt text)"), validators=[Length(max=300)])
    # Translators: a button: send the chosen image to the blog.
    submit = SubmitField(_l("Upload"))
