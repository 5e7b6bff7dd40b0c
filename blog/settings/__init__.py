"""Settings the author changes in the blog, behind one reader: ``setting(NAME)``.

Precedence, applied here and nowhere else: a value given in ``instance/config.py``, a
``BLOG_`` environment variable or the mapping passed to ``create_app`` is fixed and
wins; otherwise the value stored in the blog (table ``setting``); otherwise the default
in ``blog.config``. Stored values are read once per site version in each process, and
saving one raises the site version, so a change reaches every worker, every cached page
and every ETag at once.
"""

from blog.settings.store import (
    COMMENT_MODES,
    EDITABLE,
    SECTIONS,
    SettingsView,
    describe,
    fixed_source,
    footer_html,
    given,
    invalid_stored,
    restore_settings,
    save_setting,
    setting,
    settings_sections,
    stored_settings,
)

__all__ = [
    "COMMENT_MODES", "EDITABLE", "SECTIONS", "SettingsView", "describe", "fixed_source",
    "footer_html", "given", "invalid_stored", "restore_settings", "save_setting", "setting",
    "settings_sections", "stored_settings",
]
