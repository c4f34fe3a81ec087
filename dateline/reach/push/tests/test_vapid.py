"""The VAPID key: given in the environment (raw or PEM), or made once and kept."""

import stat

import pytest
from cryptography.hazmat.primitives import serialization
from django.core.exceptions import ImproperlyConfigured

from dateline.reach.push import vapid


def test_without_a_key_one_is_made_once_and_kept(settings, tmp_path):
    """No DATELINE_VAPID_PRIVATE_KEY: a key is written to the data directory (readable by
    its owner only) and the same key is read every time after, by any process."""
    settings.DATA_DIR = tmp_path
    first = vapid.public_key()
    path = tmp_path / vapid.FILE_NAME
    assert path.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    vapid.key.cache_clear()
    assert vapid.public_key() == first
    assert [p.name for p in tmp_path.iterdir()] == [vapid.FILE_NAME]


def test_a_key_from_the_environment_raw_or_pem(settings, tmp_path):
    """The same key given as base64url raw or as PEM is the same key; none is written."""
    settings.DATA_DIR = tmp_path
    made = vapid.Vapid02()
    made.generate_keys()
    raw = vapid.b64url(made.private_key.private_numbers().private_value.to_bytes(32, "big"))
    pem = made.private_key.private_bytes(serialization.Encoding.PEM,
                                         serialization.PrivateFormat.TraditionalOpenSSL,
                                         serialization.NoEncryption()).decode()
    settings.DATELINE_VAPID_PRIVATE_KEY = raw
    from_raw = vapid.public_key()
    settings.DATELINE_VAPID_PRIVATE_KEY = pem
    assert vapid.public_key() == from_raw
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("value", ["not a key", "c2hvcnQ", "-----BEGIN PRIVATE KEY-----\nx\n"
                                   "-----END PRIVATE KEY-----"])
def test_a_broken_key_stops_with_the_fix(settings, value):
    settings.DATELINE_VAPID_PRIVATE_KEY = value
    with pytest.raises(ImproperlyConfigured, match="DATELINE_VAPID_PRIVATE_KEY"):
        vapid.key()


def test_the_subject_is_given_or_derived(settings):
    """DATELINE_VAPID_SUBJECT when given (a mailto: or https: contact, else the fix);
    otherwise the site's https address, or the sender address of our mail."""
    settings.DATELINE_VAPID_SUBJECT = "mailto:news@example.org"
    assert vapid.subject() == "mailto:news@example.org"
    settings.DATELINE_VAPID_SUBJECT = "news@example.org"
    with pytest.raises(ImproperlyConfigured, match="mailto:"):
        vapid.subject()
    settings.DATELINE_VAPID_SUBJECT = ""
    settings.WAGTAILADMIN_BASE_URL = "https://news.example.org/"
    assert vapid.subject() == "https://news.example.org"
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    settings.DEFAULT_FROM_EMAIL = "desk@example.org"
    assert vapid.subject() == "mailto:desk@example.org"
