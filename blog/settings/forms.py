"""The fields of the blog's own settings, made from their definitions in
``blog.settings.store``, for every form that asks for them (the set-up form, the
settings page). Each value is checked once, by the setting's own ``clean``."""

from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields import SelectChoice
from wtforms.widgets import NumberInput

from blog.settings.store import EDITABLE, Editable
from blog.utils.dates import time_zone_choices


def field_name(setting_name: str) -> str:
    """The form field that holds a setting: TIMEZONE is ``timezone``."""
    return setting_name.lower()


def choices(pairs) -> list[SelectChoice]:
    """A select's options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def _field(editable: Editable):
    """An unbound field for ``editable``; its value is checked by the setting itself."""
    label, hint = editable.label, editable.hint
    if editable.kind == "text":
        return TextAreaField(label, description=hint, render_kw={"rows": 3})
    if editable.kind == "number":
        low, high = editable.bounds
        # A text field with a number keypad: what was typed comes back as typed.
        return StringField(label, description=hint, widget=NumberInput(min=low, max=high),
                           render_kw={"inputmode": "numeric"})
    if editable.kind == "choice":
        return SelectField(label, description=hint, choices=choices(editable.choices),
                           validate_choice=False)
    if editable.kind == "zone":
        return SelectField(label, description=hint, default="UTC", validate_choice=False)
    if editable.kind == "switch":
        return BooleanField(label, description=hint)
    return StringField(label, description=hint)


def settings_fields(*names: str) -> type:
    """A mixin for a form with the fields of the settings ``names``, in that order."""
    fields = {field_name(name): _field(EDITABLE[name]) for name in names}
    return type("SettingsFields", (_SettingsFields,), {
        **fields, "SETTINGS": {field_name(name): name for name in names},
    })


class _SettingsFields:
    SETTINGS: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field, name in self.SETTINGS.items():
            if EDITABLE[name].kind == "zone":
                self[field].choices = time_zone_choices()

    def leave_out_fixed(self, fixed_source) -> dict[str, str]:
        """Remove the fields of settings the configuration fixes (nothing to ask); return
        {field: where it is fixed}."""
        fixed = {field: source for field, name in self.SETTINGS.items()
                 if (source := fixed_source(name))}
        for field in fixed:
            delattr(self, field)
        return fixed

    def cleaned_settings(self) -> dict[str, object] | None:
        """Each asked setting's value as it would be stored, or None (with the reasons
        next to the fields) if any will not do. Call after ``validate``."""
        cleaned = {}
        for field, name in self.SETTINGS.items():
            if field in self:
                try:
                    cleaned[name] = EDITABLE[name].clean(self[field].data)
                except ValueError as error:
                    self[field].errors = [*self[field].errors, str(error)]
        if any(self[field].errors for field in self.SETTINGS if field in self):
            return None
        return cleaned
