"""Mail: notices queued in the database with what caused them, sent after the commit.

``queue_mail`` (outbox.py) writes a message into the session of the change that causes
it, so the two are committed together or not at all. A sender (sender.py) in each web
process, woken after every commit that queued something and every half minute otherwise,
claims due messages one at a time (only one process can win a row) and hands them to the
SMTP server (smtp.py). A temporary failure retries with growing pauses for a day; a
permanent one (5xx) is marked failed and shown in the dashboard. Messages are built
with the standard library's ``email`` package (messages.py).
"""

from flask import Flask


def init_app(app: Flask) -> None:
    from blog.mail.commands import mail_group
    from blog.mail.outbox import mail_configured
    from blog.mail.sender import start_background_sender, wake_after_commit

    app.cli.add_command(mail_group)
    # The sidebar offers "Follow by e-mail" only when the blog can send mail.
    app.add_template_global(mail_configured)
    wake_after_commit()
    if app.config["MAIL_SEND_IN_BACKGROUND"] and not app.config.get("TESTING"):
        start_background_sender(app)
