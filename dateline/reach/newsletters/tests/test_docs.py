"""docs/reach-newsletters.md cannot drift: it names every reader's URL, every setting the
channel reads and every management operation."""

from pathlib import Path

from dateline.reach.newsletters import urls
from dateline.reach.newsletters.management.commands.newsletter import Command

DOCS = Path(__file__).resolve().parents[4] / "docs" / "reach-newsletters.md"


def test_every_address_setting_and_operation_is_documented():
    """Each URL pattern, setting and `dateline newsletter` operation is in the docs."""
    text = DOCS.read_text()
    for pattern in urls.patterns:
        route = str(pattern.pattern).replace("<str:", "<")
        assert f"`newsletters/{route}`" in text, route
    for setting in ("EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER",
                    "EMAIL_HOST_PASSWORD", "EMAIL_USE_TLS", "DEFAULT_FROM_EMAIL",
                    "DATELINE_BASE_URL"):
        assert f"`{setting}`" in text, setting
    parser = Command().create_parser("dateline", "newsletter")
    operations = next(a.choices for a in parser._actions if a.dest == "operation")
    for operation in operations:
        assert f"dateline newsletter {operation}" in text, operation
