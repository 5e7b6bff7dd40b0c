"""The per-machine instance folder: where the database and the secret key live."""

import os
import secrets
from pathlib import Path

SECRET_KEY_FILE = "secret_key"


def load_or_create_secret_key(instance_path: str) -> str:
    """Return the key kept in the instance folder, creating it (mode 0600) on first start."""
    path = Path(instance_path) / SECRET_KEY_FILE
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    # Write the key under a private name, then link it into place: if two worker
    # processes start at once, exactly one key wins and both read that one.
    draft = path.with_name(f".{SECRET_KEY_FILE}.{os.getpid()}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(32) + "\n")
    try:
        os.link(draft, path)
    except FileExistsError:
        pass
    finally:
        draft.unlink()
    return path.read_text(encoding="ascii").strip()
