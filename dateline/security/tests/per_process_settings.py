"""Production settings with the sign-in counts in each process's own cache, as they were
before they moved to the database: the control of ``test_throttle_processes.py``."""

from dateline.settings.production import *  # noqa: F403

DATELINE_LOGIN_THROTTLE_STORE = "cache"
