import pytest

from tests.helpers import write_post
from tests.mail.smtp_server import SmtpServer


@pytest.fixture
def smtp():
    """A real SMTP server in the test process, which keeps what it is given."""
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def post(blog):
    """A published post on the test module's ``blog``."""
    return write_post(blog, blog.author_id, title="Grid Tariffs", body="Why charges rise.")
