"""The language a mail is written in, whoever's request (or none) it is made in: mail to
readers speaks the blog's language (the LANGUAGE setting), mail to the author the
language of the author's own pages (``Author.language``, else the blog's)."""

from contextlib import AbstractContextManager

from flask_babel import force_locale

from blog.i18n.locale import babel_name
from blog.models import Author
from blog.settings import setting


def in_blog_language() -> AbstractContextManager:
    """Render the mail to a reader, subject included, inside this."""
    return force_locale(babel_name(setting("LANGUAGE")))


def in_authors_language(author: Author) -> AbstractContextManager:
    """Render the mail to ``author``, subject included, inside this."""
    return force_locale(babel_name(author.language or setting("LANGUAGE")))
