"""Failed sign-ins counted in the database, for when no cache is shared (see ``throttle``)."""

from django.db import models


class LoginFailureCount(models.Model):
    """Failures of one username or one client address (``key``, a hash) until
    ``expires_at``, which each counted failure moves ``DATELINE_LOGIN_LOCKOUT`` seconds on."""

    key = models.CharField(max_length=100, primary_key=True)
    failures = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "failed sign-ins"
        verbose_name_plural = "failed sign-ins"

    def __str__(self):
        return f"{self.key}: {self.failures}"
