"""A small client of Telegram's Bot API: one POST per method, JSON in, JSON out.

The bot's token is part of every request's URL (``/bot<token>/<method>``), so it is also
in the text of any network error ``requests`` raises. Every error leaving this module has
it replaced by ``<token>`` (``redact``): what the outbox stores on the desk and what the
worker logs never carry it.

Two kinds of failure matter to whoever sends, because a post is not idempotent:

- ``BotAPIError``: Telegram answered, and said no; nothing was done.
- ``NoAnswer``: no answer came. When the connection was never made (``reached`` is False)
  nothing was done either; otherwise Telegram may have done it.
"""

import logging

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from urllib3.exceptions import ConnectTimeoutError

# Connect, read (Telegram fetches a photo given by URL before it answers).
TIMEOUT = (5, 30)


class BotAPIError(Exception):
    def __init__(self, method, error_code, description, retry_after=None):
        super().__init__(f"{method}: {error_code} {description}")
        self.method, self.error_code = method, error_code
        self.description, self.retry_after = description, retry_after


class NoAnswer(Exception):
    def __init__(self, text, reached):
        super().__init__(text)
        self.reached = reached


def token():
    value = settings.DATELINE_TELEGRAM_BOT_TOKEN
    if not value:
        raise ImproperlyConfigured(
            "DATELINE_TELEGRAM_BOT_TOKEN is not set: give the worker the bot's token from "
            "@BotFather (docs/reach-telegram.md).")
    return value


def redact(text):
    """``text`` without the bot's token in it."""
    secret = settings.DATELINE_TELEGRAM_BOT_TOKEN
    text = str(text)
    return text.replace(secret, "<token>") if secret else text


def _never_connected(error):
    if isinstance(error, requests.ConnectTimeout):
        return True
    reason = getattr(error.args[0], "reason", None) if error.args else None
    return isinstance(error, requests.ConnectionError) and isinstance(reason, ConnectTimeoutError)


def call(method, **params):
    """Call ``method`` with ``params``; return its ``result`` or raise (see the module)."""
    url = f"{settings.DATELINE_TELEGRAM_API.rstrip('/')}/bot{token()}/{method}"
    try:
        response = requests.post(url, json=params, timeout=TIMEOUT)
    except requests.RequestException as error:
        raise NoAnswer(redact(f"{method}: {error}"), reached=not _never_connected(error)) from None
    try:
        body = response.json()
    except ValueError:
        raise NoAnswer(redact(f"{method}: HTTP {response.status_code} without the Bot API's "
                              "answer"), reached=True) from None
    if body.get("ok"):
        return body.get("result")
    parameters = body.get("parameters") or {}
    raise BotAPIError(method, body.get("error_code") or response.status_code,
                      redact(body.get("description") or ""), parameters.get("retry_after"))


class RedactToken(logging.Filter):
    """Takes the token out of the records of loggers that write request URLs (urllib3
    logs ``POST /bot<token>/sendMessage`` at DEBUG)."""

    def filter(self, record):
        if settings.DATELINE_TELEGRAM_BOT_TOKEN:
            message = record.getMessage()
            redacted = redact(message)
            if redacted != message:
                record.msg, record.args = redacted, ()
        return True


def redact_logs():
    for name in ("urllib3.connectionpool", "urllib3.connection", "requests"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactToken) for f in logger.filters):
            logger.addFilter(RedactToken())
