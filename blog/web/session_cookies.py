"""Flask's signed-cookie sessions, with the signer made once rather than twice a request.

Making an itsdangerous serializer costs more than signing with it (it tries its
serializer out on the way in), and Flask makes a new one to open every session and
again to save it. This one is remade only when the secret keys change.
"""

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class SessionCookies(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._keys: tuple | None = None
        self._serializer: URLSafeTimedSerializer | None = None

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if keys != self._keys:
            self._serializer = super().get_signing_serializer(app)
            self._keys = keys
        return self._serializer
