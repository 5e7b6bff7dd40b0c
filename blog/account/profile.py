"""Changing the author's profile and password: plain functions on an Author, which the
views commit (and which tests call without a request)."""

from dataclasses import dataclass
from pathlib import Path

from blog.auth.passwords import password_problem
from blog.models import Author
from blog.uploads.storage import stored_images

MAX_BIO_LENGTH = 5000
NO_PHOTO = ""  # the photo select's value for "No photo"
SAME_AS_THE_BLOG = ""  # the language select's value for the blog's own language


@dataclass(frozen=True)
class Profile:
    display_name: str
    bio: str
    photo: str | None
    email: str | None
    # The language of the author's own pages; None: the blog's (blog.i18n).
    language: str | None = None

    @classmethod
    def typed(cls, display_name: str, bio: str, photo: str, email: str,
              language: str = SAME_AS_THE_BLOG) -> "Profile":
        """The profile as the form gives it: trimmed, with empty choices as None."""
        return cls(
            display_name=display_name.strip(),
            bio=bio.strip(),
            photo=photo or None,
            email=email.strip() or None,
            language=language or None,
        )


def profile_of(author: Author) -> Profile:
    return Profile(author.display_name, author.bio or "", author.photo, author.email,
                   author.language)


def photo_names(folder: Path) -> list[str]:
    """The uploaded images the photo may be, newest first."""
    return [image.name for image in stored_images(folder)]


def changes_email(author: Author, profile: Profile) -> bool:
    return (author.email or None) != profile.email


def save_profile(author: Author, profile: Profile) -> None:
    """Give the author ``profile`` (uncommitted); the sidebar is built again with it."""
    author.display_name = profile.display_name
    author.bio = profile.bio
    author.photo = profile.photo
    author.email = profile.email
    author.language = profile.language


def change_password(author: Author, new_password: str) -> None:
    """Store the new password (uncommitted), ending every session and remembered log-in
    made so far.

    :raise ValueError: when the password will not do (``password_problem``).
    """
    if problem := password_problem(new_password):
        raise ValueError(problem)
    author.set_password(new_password)
