import json

import pytest


def body(*paragraphs):
    """A StreamField body of paragraphs (rich text; ``paragraphs`` are plain text)."""
    return json.dumps([{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs])


@pytest.fixture
def write(make_published, main_edition):
    """Publish an article in the Ukrainian (``main``) or English (``global``) edition."""

    def make(headline, *paragraphs, edition="global", lead="", **fields):
        if edition == "main":
            fields["edition"] = main_edition
        return make_published(headline, lead=lead or headline, body=body(*paragraphs),
                              **fields)

    return make
