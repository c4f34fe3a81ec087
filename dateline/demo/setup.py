"""The demo's first start: a newsroom to look at and one login per role.

The password is made once and kept in the data directory, so every start prints the same
logins; later starts find the articles and users in place and take no time.
"""

import os
import secrets
import sys

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from dateline.newsroom.models import Article
from dateline.newsroom.roles import ROLE_ADMIN, ROLE_CHIEF, ROLE_EDITOR, ROLE_REPORTER, ROLES

from .generator import generate
from .info_pages import furnish_info_pages
from .newsletters import furnish_newsletters

USERNAMES = {ROLE_REPORTER: "reporter", ROLE_EDITOR: "editor", ROLE_CHIEF: "chief",
             ROLE_ADMIN: "admin"}
PASSWORD_FILE = "demo-password"  # noqa: S105  (a file name, not a password)


def prepare_demo(seed=1, stdout=None):
    """Load the demo newsroom unless there are articles already, and make sure each role has
    a login; return [(role, username, password)] in the order of ``ROLES``."""
    out = stdout or sys.stdout
    if not Article.objects.exists():
        out.write("Writing the demo newsroom (first start only; about a minute)...\n")
        generate(seed, stdout=out)
    furnish_newsletters()
    furnish_info_pages()
    password, is_new = _demo_password()
    return [(role, _demo_user(role, password, set_password=is_new).username, password)
            for role in ROLES]


def prepare_empty():
    """An empty newsroom for ``dateline demo --empty``: no content, only the administrator's
    login (the demo password), so that the desk's first-run screen asks for the first
    edition; return [(role, username, password)]."""
    password, is_new = _demo_password()
    return [(ROLE_ADMIN, _demo_user(ROLE_ADMIN, password, set_password=is_new).username,
             password)]


def _demo_password():
    """(password, made just now): read from the data directory, or made and stored there,
    readable by the owner only."""
    path = settings.DATA_DIR / PASSWORD_FILE
    if path.exists():
        return path.read_text().strip(), False
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(9)
    # Created with mode 600 from the start: no moment in which others could read it.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(password + "\n")
    return password, True


def _demo_user(role, password, set_password):
    """The role's demo user, in the role's group; only a new password is hashed again."""
    user, created = get_user_model().objects.get_or_create(
        username=USERNAMES[role], defaults={"email": f"{USERNAMES[role]}@example.com"})
    if created or set_password:
        user.set_password(password)
    user.is_active = True
    user.is_superuser = user.is_staff = role == ROLE_ADMIN
    user.save()
    user.groups.add(Group.objects.get(name=role))
    return user
