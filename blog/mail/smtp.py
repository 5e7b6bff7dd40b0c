"""Talking to the SMTP server: one connection for a batch of messages, and each failure
sorted into "try again later" (the server is down, slow, or says 4xx) or "never" (5xx)."""

import smtplib
import ssl
from email.message import EmailMessage

from flask import current_app


class TemporaryFailure(Exception):
    """Worth trying again later; the message is the server's answer or the reason."""


class PermanentFailure(Exception):
    """The server refused the message for good (a 5xx answer)."""


def _answer(error: smtplib.SMTPResponseException) -> str:
    text = error.smtp_error.decode(errors="replace") if isinstance(
        error.smtp_error, bytes) else str(error.smtp_error)
    return f"{error.smtp_code} {text}"


def connect() -> smtplib.SMTP:
    """A logged-in connection to the configured server.

    :raise TemporaryFailure: when it cannot be reached or refuses the log-in for now.
    :raise PermanentFailure: when it refuses the log-in for good (535 and the like).
    """
    config = current_app.config
    timeout = config["MAIL_TIMEOUT"]
    try:
        if config["MAIL_USE_SSL"]:
            connection = smtplib.SMTP_SSL(config["MAIL_SERVER"], config["MAIL_PORT"],
                                          timeout=timeout,
                                          context=ssl.create_default_context())
        else:
            connection = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"],
                                      timeout=timeout)
            if config["MAIL_USE_TLS"]:
                connection.starttls(context=ssl.create_default_context())
        if config["MAIL_USERNAME"]:
            connection.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        return connection
    except smtplib.SMTPResponseException as error:
        failure = PermanentFailure if error.smtp_code >= 500 else TemporaryFailure
        raise failure(_answer(error)) from error
    except (OSError, smtplib.SMTPException) as error:
        raise TemporaryFailure(f"cannot reach {config['MAIL_SERVER']}:"
                               f"{config['MAIL_PORT']}: {error}") from error


def deliver(connection: smtplib.SMTP, message: EmailMessage) -> str:
    """Hand ``message`` over; return the server's answer.

    :raise PermanentFailure: for a 5xx answer (to the sender or the recipient).
    :raise TemporaryFailure: for a 4xx answer, a dropped connection or a timeout.
    """
    try:
        refused = connection.send_message(message)
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _ in error.recipients.values()]
        answers = "; ".join(f"{code} {text.decode(errors='replace')}"
                            for code, text in error.recipients.values())
        failure = PermanentFailure if all(code >= 500 for code in codes) else TemporaryFailure
        raise failure(answers) from error
    except smtplib.SMTPResponseException as error:
        failure = PermanentFailure if error.smtp_code >= 500 else TemporaryFailure
        raise failure(_answer(error)) from error
    except (OSError, smtplib.SMTPException) as error:
        raise TemporaryFailure(f"the connection failed: {error}") from error
    if refused:
        raise PermanentFailure(str(refused))
    return "accepted"
