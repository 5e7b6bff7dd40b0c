"""The base of every form: it reads what a browser sends, without control characters."""

from flask import request
from flask_wtf import FlaskForm
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from wtforms import FileField, PasswordField, StringField

from blog.web.inputs import without_control_characters


def typed_text(value: str | None) -> str:
    """A text field's value without control characters; a field never sent is empty."""
    return "" if value is None else without_control_characters(value)


class BlogForm(FlaskForm):
    """A FlaskForm that reads a request the way a browser sends an HTML form, and whose
    fields drop NULs and other control characters as they are read.

    Flask-WTF would also fill fields from a JSON body, and from a file sent under any
    field's name: numbers, lists or files where text belongs, which the validators were
    never written for. Here a JSON body fills nothing and only file fields take files.
    PostgreSQL refuses a NUL in text, and nobody types the other control characters on
    purpose. Text fields missing from a request read as empty rather than None, so the
    code behind them needs no check of its own. The filters are added to every field
    here, so a field added later cannot forget them. Passwords are left as typed: they
    are only ever hashed.
    """

    class Meta:
        def wrap_formdata(self, form, formdata):
            if formdata is None or hasattr(formdata, "getlist"):
                return super().wrap_formdata(form, formdata)  # given by the view
            if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
                return None
            files = MultiDict([
                (name, file) for name, file in request.files.items(multi=True)
                if name in form and isinstance(form[name], FileField)
            ])
            if files:
                return CombinedMultiDict([files, request.form])
            return request.form or None

        def bind_field(self, form, unbound_field, options):
            kind = unbound_field.field_class
            if not issubclass(kind, PasswordField):
                first = typed_text if issubclass(kind, StringField) else without_control_characters
                filters = [first, *unbound_field.kwargs.get("filters", ())]
                options = {**options, "filters": filters}
            return super().bind_field(form, unbound_field, options)
