"""The docs cannot drift: every Telegram setting is documented."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]


def test_every_telegram_setting_is_documented():
    """The Telegram docs (docs/reach-telegram.md, or docs/reach.md once folded in) name
    every DATELINE_TELEGRAM_* setting the settings read."""
    docs = "".join(path.read_text() for path in (ROOT / "docs").glob("reach*.md"))
    source = (ROOT / "dateline" / "settings" / "base.py").read_text()
    names = set(re.findall(r'"(DATELINE_TELEGRAM_[A-Z0-9_]+)"', source))
    assert names == {"DATELINE_TELEGRAM_BOT_TOKEN", "DATELINE_TELEGRAM_API"}
    assert [name for name in sorted(names) if f"`{name}`" not in docs] == []
