from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField, SubmitField
from wtforms.validators import Length


class UploadForm(FlaskForm):
    image = FileField("Image", validators=[FileRequired("Choose an image to upload.")])
    alt = StringField("Description (alt text)", validators=[Length(max=300)])
    submit = SubmitField("Upload")
