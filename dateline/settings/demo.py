"""The demo: everything on one machine with no configuration; a secret is made once and kept.

Its public address is ``http://HOST:PORT`` (``base.served_address``) unless
``DATELINE_BASE_URL`` says otherwise, and mail (newsletters, password resets, review
notifications) is written to files in ``DATA_DIR/mail`` unless ``EMAIL_HOST`` names an SMTP
server (or ``EMAIL_BACKEND`` another backend).
"""

import os
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
# Readers of a translation behind its source are told (the demo has a few such).
DATELINE_TRANSLATION_NOTICE = env_bool("DATELINE_TRANSLATION_NOTICE", True)
DEBUG = env_bool("DEBUG")

if not (os.environ.get("EMAIL_HOST") or os.environ.get("EMAIL_BACKEND")):
    # One file per connection: a newsletter to the demo's readers is read there, not sent.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(DATA_DIR / "mail")
