"""Start-up checks: a setting this app cannot work with stops the site with the fix."""

from django.conf import settings
from django.core.checks import Error, register

from . import conf

ORDER = [
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "dateline.security.middleware.TwoFactorMiddleware",
]
LIMITS = [
    ("DATELINE_LOGIN_FAILURES_PER_USER", conf.login_failures_per_user),
    ("DATELINE_LOGIN_FAILURES_PER_IP", conf.login_failures_per_ip),
    ("DATELINE_LOGIN_LOCKOUT", conf.login_lockout),
]


@register()
def check_settings(app_configs=None, **kwargs):
    errors = []
    middleware = list(settings.MIDDLEWARE)
    positions = [middleware.index(name) if name in middleware else -1 for name in ORDER]
    if -1 in positions or positions != sorted(positions):
        errors.append(Error(
            "Two-step verification needs its middleware in MIDDLEWARE, in this order: "
            + ", ".join(ORDER) + ".",
            hint="Add the missing ones right after AuthenticationMiddleware.",
            id="dateline_security.E001"))
    for name, read in LIMITS:
        value = read()
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            errors.append(Error(f"{name} is {value!r}.",
                                hint="Set it to a whole number, 1 or more.",
                                id="dateline_security.E002"))
    store = conf.login_throttle_store()
    if store not in conf.THROTTLE_STORES:
        errors.append(Error(f"DATELINE_LOGIN_THROTTLE_STORE is {store!r}.",
                            hint="Set it to \"cache\" or \"database\", or leave it out.",
                            id="dateline_security.E004"))
    groups = getattr(settings, "DATELINE_REQUIRE_2FA_GROUPS", [])
    if not isinstance(groups, (list, tuple)) or not all(
            isinstance(group, str) and group for group in groups):
        errors.append(Error(f"DATELINE_REQUIRE_2FA_GROUPS is {groups!r}.",
                            hint="Set it to a list of group names, e.g. [\"Administrator\"].",
                            id="dateline_security.E003"))
    return errors
