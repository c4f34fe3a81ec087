"""The demo: everything on one machine with no configuration; a secret is made once and kept."""

import secrets

from .base import *  # noqa: F403
from .base import DATA_DIR, env_bool


def _demo_secret_key():
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _demo_secret_key()
DATELINE_SERVE_MEDIA = True
DEBUG = env_bool("DEBUG")
