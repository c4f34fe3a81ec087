"""The docs cannot drift: every operation, command option and setting is documented."""

import re
from pathlib import Path

from django.core.management import load_command_class
from django.test import Client

DOCS = Path(__file__).resolve().parents[3] / "docs"


def test_every_api_path_is_in_the_api_docs():
    """Each path of the OpenAPI description appears in docs/api.md."""
    text = (DOCS / "api.md").read_text()
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path, operations in paths.items():
        short = path.removeprefix("/api/v1")
        for method in operations:
            assert f"{method.upper()} {short}" in text, (method, short)


def test_every_ingest_option_and_setting_is_in_the_ingest_docs():
    """Each option of `dateline ingest` and each DATELINE_INGEST_* setting is documented."""
    text = (DOCS / "ingest.md").read_text()
    parser = load_command_class("dateline.ingest", "ingest").create_parser("dateline", "ingest")
    own = {"--edition", "--publish", "--dry-run", "--format", "--user"}
    options = {option for action in parser._actions for option in action.option_strings}
    assert own <= options
    for option in own:
        assert f"`{option}`" in text, option
    ingest = DOCS.parent / "dateline" / "ingest"
    source = "".join(path.read_text() for path in ingest.rglob("*.py") if "tests" not in path.parts)
    for setting in set(re.findall(r"DATELINE_INGEST_[A-Z_]+", source)) - {"DATELINE_INGEST_MAX_"}:
        assert setting in text, setting
