from wtforms import PasswordField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from blog.account.profile import MAX_BIO_LENGTH, NO_PHOTO
from blog.auth.passwords import MIN_PASSWORD_LENGTH, password_problem
from blog.web.forms import BlogForm


class ProfileForm(BlogForm):
    display_name = StringField(
        "Display name",
        validators=[
            DataRequired("Give the name readers see."),
            Length(max=120, message="Keep the name to 120 characters or fewer."),
        ],
        description="The name readers see on your posts and in the sidebar.",
    )
    bio = TextAreaField(
        "About me",
        validators=[Length(
            max=MAX_BIO_LENGTH,
            message=f"Keep “About me” to {MAX_BIO_LENGTH:,} characters or fewer.",
        )],
        description="The sidebar's “About me” on every page, in Markdown "
        f"(up to {MAX_BIO_LENGTH:,} characters).",
    )
    photo = SelectField(
        "Photo",
        validate_choice=False,  # validate_photo says it in words
        description="Shown beside “About me”. Upload pictures under Images first.",
    )
    email = StringField(
        "E-mail address",
        validators=[
            Optional(),
            Length(max=254, message="An e-mail address is at most 254 characters long."),
            Email("Enter an e-mail address like name@example.org."),
        ],
        description="For notifications from the blog. Readers never see it.",
    )
    # Asked for only when the e-mail address changes and the log-in is not recent.
    password = PasswordField("Current password", validators=[Length(max=1024)])
    submit = SubmitField("Save profile")

    def __init__(self, *args, photos=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.photo.choices = [(NO_PHOTO, "No photo"), *((name, name) for name in photos)]

    def validate_photo(self, field):
        if field.data not in {value for value, _ in self.photo.choices}:
            raise ValidationError("Choose one of your uploaded images, or “No photo”.")


class PasswordForm(BlogForm):
    current_password = PasswordField(
        "Current password",
        validators=[InputRequired("Enter your current password."), Length(max=1024)],
    )
    new_password = PasswordField(
        "New password",
        validators=[InputRequired("Choose a new password."), Length(max=1024)],
        description=f"At least {MIN_PASSWORD_LENGTH} characters.",
    )
    new_password_again = PasswordField(
        "New password again",
        validators=[
            InputRequired("Type the new password again."),
            EqualTo("new_password", "The two new passwords are not the same."),
        ],
    )
    submit = SubmitField("Change password")

    def validate_new_password(self, field):
        if problem := password_problem(field.data):
            raise ValidationError(problem)
