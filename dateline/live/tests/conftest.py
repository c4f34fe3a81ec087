import pytest

from dateline.newsroom.models import Article


@pytest.fixture
def make_live(make_published):
    """A published live coverage article of the global edition."""

    def make(headline="Missile strikes on Kyiv: live", **fields):
        return make_published(headline, kind=Article.Kind.LIVE, **fields)

    return make
