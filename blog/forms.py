"""The base of every form: typed text reaches the views without control characters."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField

from blog.inputs import without_control_characters


def typed_text(value: str | None) -> str:
    """A text field's value without control characters; a field never sent is empty."""
    return "" if value is None else without_control_characters(value)


class BlogForm(FlaskForm):
    """A FlaskForm whose fields drop NULs and other control characters as they are read.

    PostgreSQL refuses a NUL in text, and nobody types the others on purpose. Text fields
    missing from a request read as empty rather than None, so the code behind them needs
    no check of its own. The filters are added to every field here, so a field added later
    cannot forget them. Passwords are left as typed: they are only ever hashed.
    """

    class Meta:
        def bind_field(self, form, unbound_field, options):
            kind = unbound_field.field_class
            if not issubclass(kind, PasswordField):
                first = typed_text if issubclass(kind, StringField) else without_control_characters
                filters = [first, *unbound_field.kwargs.get("filters", ())]
                options = {**options, "filters": filters}
            return super().bind_field(form, unbound_field, options)
