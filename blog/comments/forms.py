import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from blog.extensions import db
from blog.i18n import number
from blog.models import Author
from blog.web.forms import BlogForm
from blog.web.urls import is_web_address

MAX_NAME_LENGTH = 80
MAX_WEBSITE_LENGTH = 300


def _stripped(value):
    # BlogForm has already taken out the control characters.
    return value.strip() if isinstance(value, str) else value


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


class CommentForm(BlogForm):
    name = StringField(
        _l("Name"),
        filters=[_stripped],
        validators=[
            Length(max=MAX_NAME_LENGTH, message=_l("Names can be at most %(max)d characters long."))
        ],
    )
    website = StringField(
        _l("Website"),
        filters=[_stripped],
        validators=[
            Optional(),
            Length(max=MAX_WEBSITE_LENGTH,
                   message=_l("Addresses can be at most %(max)d characters.")),
        ],
    )
    body = TextAreaField(
        # Translators: the label of the box a comment is written in (the noun)
        _l("Comment"),
        validators=[DataRequired(_l("Write a comment before posting it."))],
    )
    email = StringField(
        _l("E-mail"),
        filters=[_stripped],
        validators=[
            Optional(),
            Length(max=254, message=_l("An e-mail address is at most 254 characters long.")),
            Email(_l("Enter an e-mail address like name@example.org.")),
        ],
    )
    notify = SelectField(
        _l("Mail me"),
        # Translators: the first choice of "Mail me", for mail about nothing
        choices=[SelectChoice("", _l("Nothing")),
                 SelectChoice("replies", _l("Replies to my comment")),
                 SelectChoice("post", _l("Every new comment on this post"))],
        default="",
    )
    remember = BooleanField(_l("Remember my name and website on this device"))
    # The honeypot: hidden from people by CSS, filled in by bots that fill in everything.
    homepage = StringField(_l("Leave this field empty"), filters=[_stripped])
    # A signed note of when the form was shown (see blog.comments.spam).
    shown = HiddenField()
    parent_id = HiddenField()
    # Translators: the button that sends a comment ("post" the verb)
    submit = SubmitField(_l("Post comment"))

    def __init__(self, *args, max_length: int = 5000, by_author: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_length = max_length
        if by_author:
            # The author comments as the author: the form shows no name or website, so
            # whatever arrives in them is neither used nor a reason to refuse the comment.
            for name in ("name", "website", "remember", "email", "notify"):
                delattr(self, name)

    def validate_body(self, field):
        length = len(field.data.strip())
        if length > self.max_length:
            raise ValidationError(_(
                "Comments can be at most %(most)s characters long; this one has %(length)s.",
                most=number(self.max_length), length=number(length),
            ))

    def validate_notify(self, field):
        # Here, not on the address: an empty address stops its own checks (Optional).
        if field.data and not self.email.data:
            raise ValidationError(_("Give your e-mail address above to be mailed, or choose "
                                    "Nothing."))

    def validate_website(self, field):
        address = field.data
        if not address:
            return  # only spaces or control characters, which the filters took out
        if "://" not in address and ":" not in address:
            address = field.data = "http://" + address  # "example.org" means the web site
        if not is_web_address(address):
            raise ValidationError(_("Use a web address that starts with http:// or https://."))
        if any(char.isspace() for char in address):
            raise ValidationError(_("A web address cannot contain spaces."))

    def validate_name(self, field):
        # Nobody but the logged-in author may comment under the author's name.
        if not field.data:
            return
        names = db.session.execute(sa.select(Author.username, Author.display_name)).all()
        if any(_same_name(field.data, name) for row in names for name in row):
            raise ValidationError(
                _("That is the name of the blog's author; please use another one.")
            )
