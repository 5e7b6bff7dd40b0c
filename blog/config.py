"""Default settings: harmless values only, never secrets.

Every setting here can be overridden, later ones winning, by ``instance/config.py``,
by a ``BLOG_``-prefixed environment variable (``BLOG_TITLE="My blog"``), and by the
mapping a test passes to ``create_app``. ``DATABASE_URL`` is read as well, because that
is the name hosting platforms use. README.md documents each setting.
"""


class DefaultConfig:
    # Flask-SQLAlchemy resolves a relative SQLite path inside the instance folder.
    SQLALCHEMY_DATABASE_URI = "sqlite:///blog.sqlite"
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    # How long (ms) an SQLite connection waits for another writer before giving up.
    SQLITE_BUSY_TIMEOUT_MS = 5000
    # Register `flask db ...` (Flask-Migrate); gunicorn.conf.py turns it off for workers.
    MIGRATIONS = True

    # The blog's address, "https://blog.example.org": absolute links are made from it and
    # other host names are refused (blog.web.address). Stored at setup; empty answers
    # to any host, with links from each request's (development).
    ADDRESS = ""
    TITLE = "A blog"
    DESCRIPTION = "Essays, with their sources."
    LANGUAGE = "en"
    # "default": the language's own digits as CLDR has them (0-9 for "ar", ٠-٩ for
    # "ar-EG"); "latin": always 0-9; "native": the language's own (٠-٩ for Arabic).
    DIGITS = "default"
    # IANA name; times are stored in UTC and shown in this zone.
    TIMEZONE = "UTC"
    POSTS_PER_PAGE = 10
    # At the foot of every page (Markdown links and emphasis); empty shows the title.
    FOOTER = ""
    # A "Pages" list in the sidebar, beside the navigation bar under the title.
    SIDEBAR_PAGES = False
    POPULAR_POSTS = "off"  # or "7", "30", "all": the period of the Popular posts widget
    # What the feeds carry: "full" posts or a "summary" linking to each.
    FEED_CONTENT = "full"
    # True asks search engines not to index the blog (noindex, and Disallow: / in robots.txt).
    NOINDEX = False

    # Secure cookies need HTTPS; switch on in production behind TLS.
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = 30 * 24 * 3600  # seconds: "Remember me" lasts 30 days

    # How the author's password is hashed: Werkzeug's method string. scrypt is slow on
    # purpose (about 0.1 s a hash); the tests set a fast one, as Django's docs advise.
    PASSWORD_HASH_METHOD = "scrypt"

    # Failed log-ins allowed within the window before logging in is paused: from one
    # address; for one account from browsers it has never logged in with; and from each
    # browser it has (blog.auth.devices), which strangers' guesses never pause.
    LOGIN_MAX_FAILURES_PER_ADDRESS = 10
    LOGIN_MAX_FAILURES_PER_ACCOUNT = 5
    LOGIN_MAX_FAILURES_PER_DEVICE = 5
    LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60
    # How long a browser is known as one the author logged in with (seconds: a year).
    DEVICE_COOKIE_SECONDS = 365 * 24 * 3600
    # With two-factor log-in on: how long the code may take after the password (seconds).
    TWO_FACTOR_PENDING_SECONDS = 5 * 60
    # Changing the e-mail address or the password asks for the password again when this
    # session's log-in is older than this (seconds).
    RECENT_LOGIN_SECONDS = 15 * 60
    # How many reverse proxies stand in front of the app (their X-Forwarded-* is trusted).
    TRUSTED_PROXIES = 0

    # Comments: "open", "moderated", "first_time" (held until one is approved) or
    # "closed"; each post can override it in the editor.
    COMMENT_MODE = "first_time"
    COMMENT_MAX_LENGTH = 5000  # characters
    COMMENT_MAX_DEPTH = 4  # replies nest this deep; deeper replies join the last level
    COMMENTS_PER_PAGE = 200  # a post's comments a page, threads kept whole (as Blogger)
    COMMENT_MAX_LINKS = 2  # links in a comment, counting the Website field
    COMMENT_MIN_SECONDS = 3  # faster than this after the form was shown looks like a bot
    COMMENT_SPAM_THRESHOLD = 5  # a spam score at or above this goes to the spam folder
    COMMENT_RATE_LIMIT = 5  # comments from one address ...
    COMMENT_RATE_WINDOW_SECONDS = 60  # ... within this many seconds
    # What followers get by mail of a new post: "full" or a "summary" linking to it.
    MAIL_POST_CONTENT = "summary"
    # Mail the author every published comment, not only those waiting for approval.
    MAIL_EVERY_COMMENT = False
    # Gather the author's comment notices into one mail a day.
    MAIL_COMMENT_DIGEST = False

    # Mail (blog.mail), with the names Flask's mail extensions use. No server: no mail
    # is sent (the dashboard says what to set); mail waits in the outbox meanwhile.
    MAIL_SERVER = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False  # STARTTLS after connecting (port 587)
    MAIL_USE_SSL = False  # TLS from the first byte (port 465)
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_DEFAULT_SENDER = None  # "blog@example.org"; the blog's title is the sender's name
    MAIL_TIMEOUT = 30  # seconds an SMTP server may take to answer
    # Each web process sends the outbox from a thread of its own; False leaves it to
    # `flask mail send` (from cron, say).
    MAIL_SEND_IN_BACKGROUND = True

    # Statistics (blog.stats): counted in each process and written every few seconds.
    # False counts nothing and leaves the counting stylesheet out of the pages.
    STATS_COUNTING = True
    STATS_WRITE_EVERY_SECONDS = 5

    # Readers' pages kept in each worker until the site changes (0 turns the cache off).
    PAGE_CACHE_SIZE = 200

    # CSRF tokens last as long as the session: a page a browser kept (and revalidated
    # with a 304) still posts.
    WTF_CSRF_TIME_LIMIT = None

    # The largest request body accepted (bytes); a long essay is well under 1 MiB.
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    # Image uploads have their own, larger cap (bytes).
    UPLOAD_MAX_BYTES = 8 * 1024 * 1024
    # `import … --fetch-images`: seconds to connect and between bytes read, and whether
    # images may come from private or loopback addresses (tests serve them locally).
    IMPORT_FETCH_CONNECT_TIMEOUT = 5
    IMPORT_FETCH_READ_TIMEOUT = 15
    IMPORT_FETCH_ALLOW_LOCAL = False
