"""The fields of the blog's own settings, shared by every form that asks for them (the
set-up form and the settings page)."""

from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from blog.utils.dates import time_zone_choices


class BlogSettingsFields:
    """Mixed into a form: the title, description and time zone, each checked again by
    ``blog.settings`` when it is stored."""

    title = StringField(
        "Blog title", validators=[DataRequired("Give the blog a title."), Length(max=200)]
    )
    description = StringField(
        "Description", validators=[Optional(), Length(max=300)],
        description="A line under the title, and what search engines show.",
    )
    timezone = SelectField(
        "Time zone", default="UTC", validate_choice=False,
        description="Dates, times and the archive's months follow it.",
    )

    # Each field and the setting it holds.
    SETTINGS = {"title": "TITLE", "description": "DESCRIPTION", "timezone": "TIMEZONE"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = time_zone_choices()

    def validate_timezone(self, field):
        if field.data not in set(self.timezone.choices):
            raise ValidationError("Choose a time zone from the list.")

    def leave_out_fixed(self, fixed_source) -> dict[str, str]:
        """Remove the fields of settings the configuration fixes (nothing to ask); return
        {field: where it is fixed}."""
        fixed = {field: source for field, name in self.SETTINGS.items()
                 if (source := fixed_source(name))}
        for field in fixed:
            delattr(self, field)
        return fixed
