"""Building a message from an outbox row: plain text and HTML, the blog's name as the
sender's, and the headers that let a mail client thread the notices of one post.

The standard library's ``email`` package does this completely (RFC 5322 headers, MIME,
encoded words for Arabic names), and its default policy refuses a header value with a
line break in it, so a name or subject cannot smuggle in a header (see ``checked``).
"""

import json
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from blog.models import OutboxMessage


class BadHeader(ValueError):
    """A value that cannot go into a mail header (a line break, a control character)."""


def checked(value: str, what: str) -> str:
    """``value`` for a header, or BadHeader: no CR, LF or other control characters."""
    if any(ord(char) < 32 or ord(char) == 127 for char in value):
        raise BadHeader(f"{what} holds a line break or control character")
    return value


def new_message_id(domain: str) -> str:
    """A fresh ``<…@domain>`` Message-ID."""
    return make_msgid(domain=checked(domain, "the domain") or "blog.invalid")


def build_message(row: OutboxMessage, sender: str, sender_name: str) -> EmailMessage:
    """The whole message for ``row``, from ``sender`` shown as ``sender_name``."""
    message = EmailMessage()
    local, _, domain = checked(sender, "the sender").partition("@")
    message["From"] = Address(display_name=checked(sender_name, "the blog's title"),
                              username=local, domain=domain)
    message["To"] = checked(row.recipient, "the recipient")
    message["Subject"] = checked(row.subject, "the subject")
    message["Date"] = format_datetime(row.created_at)
    message["Message-ID"] = row.message_id
    if row.thread_id:
        message["In-Reply-To"] = row.thread_id
        message["References"] = row.thread_id
    for name, value in json.loads(row.headers or "{}").items():
        message[checked(name, "a header name")] = checked(value, name)
    message.set_content(row.text_body)
    if row.html_body:
        message.add_alternative(row.html_body, subtype="html")
    return message
