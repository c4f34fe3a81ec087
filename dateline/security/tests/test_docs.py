"""The docs cannot drift: every setting of the app is in docs/security.md."""

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]


def test_every_setting_is_documented():
    """docs/security.md names every setting this app reads."""
    docs = (PACKAGE.parent / "docs" / "security.md").read_text()
    source = (PACKAGE / "security" / "conf.py").read_text()
    names = set(re.findall(r'"(DATELINE_[A-Z0-9_]+)"', source))
    assert names
    assert [name for name in sorted(names) if f"`{name}`" not in docs] == []
