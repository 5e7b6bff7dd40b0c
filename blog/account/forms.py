from flask_babel import LazyString, lazy_ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
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

from blog.account.profile import MAX_BIO_LENGTH, NO_PHOTO, SAME_AS_THE_BLOG
from blog.auth.passwords import MIN_PASSWORD_LENGTH, password_problem
from blog.i18n import interface_languages, number
from blog.web.forms import BlogForm

# Written when shown, in the page's language and digits ("5,000", "5.000", "٥٬٠٠٠").
_BIO_LENGTH = LazyString(number, MAX_BIO_LENGTH)
_PASSWORD_LENGTH = LazyString(number, MIN_PASSWORD_LENGTH)


class ProfileForm(BlogForm):
    display_name = StringField(
        _l("Display name"),
        validators=[
            DataRequired(_l("Give the name readers see.")),
            Length(max=120, message=_l("Keep the name to 120 characters or fewer.")),
        ],
        description=_l("The name readers see on your posts and in the sidebar."),
    )
    bio = TextAreaField(
        _l("About me"),
        validators=[Length(
            max=MAX_BIO_LENGTH,
            message=lazy_ngettext("Keep “About me” to %(shown)s character or fewer.",
                        "Keep “About me” to %(shown)s characters or fewer.",
                        MAX_BIO_LENGTH, shown=_BIO_LENGTH),
        )],
        description=lazy_ngettext("The sidebar's “About me” on every page, in Markdown "
                        "(up to %(shown)s character).",
                        "The sidebar's “About me” on every page, in Markdown "
                        "(up to %(shown)s characters).",
                        MAX_BIO_LENGTH, shown=_BIO_LENGTH),
    )
    photo = SelectField(
        _l("Photo"),
        validate_choice=False,  # validate_photo says it in words
        description=_l("Shown beside “About me”. Upload pictures under Images first."),
    )
    email = StringField(
        _l("E-mail address"),
        validators=[
            Optional(),
            Length(max=254, message=_l("An e-mail address is at most 254 characters long.")),
            Email(_l("Enter an e-mail address like name@example.org.")),
        ],
        description=_l("For notifications from the blog. Readers never see it."),
    )
    language = SelectField(
        _l("Language of your dashboard"),
        validate_choice=False,  # validate_language says it in words
        description=_l("For the dashboard, the editor and the blog's mail to you. Readers "
                       "always get the blog's language."),
    )
    # Asked for only when the e-mail address changes and the log-in is not recent.
    password = PasswordField(_l("Current password"), validators=[Length(max=1024)])
    submit = SubmitField(_l("Save profile"))

    def __init__(self, *args, photos=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.photo.choices = [(NO_PHOTO, _("No photo")), *((name, name) for name in photos)]
        # Each language is named in itself, and marked so a screen reader says it so.
        self.language.choices = [
            (SAME_AS_THE_BLOG, _("Same as the blog"), {}),
            *((tag, name, {"lang": tag}) for tag, name in interface_languages()),
        ]

    def validate_photo(self, field):
        if field.data not in {value for value, __ in self.photo.choices}:
            raise ValidationError(_("Choose one of your uploaded images, or “No photo”."))

    def validate_language(self, field):
        if field.data not in {choice[0] for choice in self.language.choices}:
            raise ValidationError(_("Choose one of the languages in the list."))


class PasswordForm(BlogForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[InputRequired(_l("Enter your current password.")), Length(max=1024)],
    )
    new_password = PasswordField(
        _l("New password"),
        validators=[InputRequired(_l("Choose a new password.")), Length(max=1024)],
        description=lazy_ngettext("At least %(shown)s character.", "At least %(shown)s characters.",
                        MIN_PASSWORD_LENGTH, shown=_PASSWORD_LENGTH),
    )
    new_password_again = PasswordField(
        _l("New password again"),
        validators=[
            InputRequired(_l("Type the new password again.")),
            EqualTo("new_password", _l("The two new passwords are not the same.")),
        ],
    )
    submit = SubmitField(_l("Change password"))

    def validate_new_password(self, field):
        if problem := password_problem(field.data):
            raise ValidationError(problem)
