from datetime import UTC

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from blog.posts.slugs import MAX_SLUG_LENGTH, slugify_text
from blog.settings import COMMENT_MODES, EDITABLE
from blog.settings.forms import choices, settings_fields
from blog.utils.dates import current_zone
from blog.web.forms import BlogForm

MAX_BODY_LENGTH = 300_000  # characters: a very long essay is under a tenth of this


class PostForm(BlogForm):
    title = StringField(
        _l("Title"),
        validators=[DataRequired(_l("Give the post a title.")), Length(max=300)],
    )
    body = TextAreaField(_l("Body"), validators=[Length(max=MAX_BODY_LENGTH)])
    labels = StringField(_l("Labels"), validators=[Length(max=1000)])
    # Translators: the last part of a post's address, made from its title.
    slug = StringField(_l("Slug"), validators=[Optional(), Length(max=MAX_SLUG_LENGTH)])
    publish_at = DateTimeLocalField(
        _l("Publish at"),
        format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
        validators=[Optional()],
    )
    comment_mode = SelectField(
        _l("Comments"),
        choices=choices((("", _l("As the blog's setting")), *COMMENT_MODES)),
        default="",
    )
    save_draft = SubmitField(_l("Save draft"))
    # Translators: a button: show the post as readers would see it, without saving it.
    preview = SubmitField(_l("Preview"))
    # Translators: a button: publish the post now (or at its time).
    publish = SubmitField(_l("Publish"))
    # Translators: a button: take the post back from readers, into the drafts.
    unpublish = SubmitField(_l("Unpublish"))

    def validate_body(self, field):
        if self.publish.data and not field.data.strip():
            raise ValidationError(_("Write something before publishing."))

    def validate_publish_at(self, field):
        # The calendar's first and last days, read in a zone far from UTC, fall outside it.
        if field.data is None:
            return
        try:
            field.data.replace(tzinfo=current_zone()).astimezone(UTC)
        except OverflowError as error:
            raise ValidationError(
                _("Choose a date between the years 2 and 9998.")) from error

    def validate_slug(self, field):
        if field.data.strip() and not slugify_text(field.data):
            raise ValidationError(_("Use letters, numbers and hyphens in the slug."))


class PageForm(PostForm):
    """The editor for a standing page: no labels and no date; comments off unless
    asked for, and a place in the navigation bar if the author wants one."""

    labels = None
    publish_at = None
    comment_mode = None
    comments = BooleanField(
        _l("Readers may comment"), description=_l("Off by default: most pages need no thread.")
    )
    in_navigation = BooleanField(
        _l("Show in the navigation bar"),
        description=_l("Under the blog's title on every page; order the pages under Pages."),
    )


class MoveForm(BlogForm):
    """Up or down in the navigation bar."""

    # Translators: buttons that move a page up or down in the navigation bar.
    up = SubmitField(_l("Up"))
    down = SubmitField(_l("Down"))


class ConfirmForm(BlogForm):
    """A bare button: all it carries is the CSRF token."""

    submit = SubmitField(_l("Confirm"))


class SettingsForm(settings_fields(*EDITABLE), BlogForm):
    """The blog's settings page: every setting the author may change."""

    submit = SubmitField(_l("Save settings"))
