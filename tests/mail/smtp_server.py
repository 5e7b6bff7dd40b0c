"""A real SMTP server in the test process (aiosmtpd), which keeps what it is given, or
refuses it with the answer a test chooses."""

import email
import email.policy
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller

from tests.server.serving import free_port


@dataclass
class Inbox:
    """What the server received, as parsed messages; ``refuse`` makes it answer RCPT TO
    with that line instead (``"550 No such user"``)."""

    messages: list = field(default_factory=list)
    refuse: str | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            email.message_from_bytes(envelope.original_content or envelope.content,
                                     policy=email.policy.default))
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self):
        self.inbox = Inbox()
        self.port = free_port()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    def start(self) -> "SmtpServer":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()
