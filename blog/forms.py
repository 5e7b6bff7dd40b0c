"""The base of every form: typed text reaches the views without control characters."""

from flask_wtf import FlaskForm
from wtforms import PasswordField

from blog.inputs import without_control_characters


class BlogForm(FlaskForm):
    """A FlaskForm whose fields drop NULs and other control characters as they are read.

    PostgreSQL refuses a NUL in text, and nobody types the others on purpose. The filter
    is added to every field here, so a field added later cannot forget it. Passwords are
    left as typed: they are only ever hashed.
    """

    class Meta:
        def bind_field(self, form, unbound_field, options):
            if not issubclass(unbound_field.field_class, PasswordField):
                filters = unbound_field.kwargs.get("filters", ())
                options = {**options, "filters": [without_control_characters, *filters]}
            return super().bind_field(form, unbound_field, options)
