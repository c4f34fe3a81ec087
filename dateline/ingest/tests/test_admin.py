import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dateline.ingest.models import IngestSource, LabelMapping
from dateline.newsroom.models import Label

pytestmark = pytest.mark.django_db

SOURCES = "wagtailsnippets_ingest_ingestsource:list"
MAPPINGS = "wagtailsnippets_ingest_labelmapping:list"


@pytest.mark.parametrize("role, sources, mappings, edit_sources", [
    ("reporter", False, False, False),
    ("editor", True, True, False),
    ("chief", True, True, True),
    ("administrator", True, True, True),
])
def test_who_sees_and_changes_sources_and_mappings(request, client, global_edition, role, sources,
                                                   mappings, edit_sources):
    """Editors see the sources and keep the label mapping; chief editors manage sources."""
    user = request.getfixturevalue(role)
    IngestSource.objects.create(name="Wire", url="https://feed.example/", edition=global_edition)
    client.force_login(user)
    assert (client.get(reverse(SOURCES)).status_code == 200) is sources
    assert (client.get(reverse(MAPPINGS)).status_code == 200) is mappings
    assert user.has_perm("ingest.change_ingestsource") is edit_sources
    assert user.has_perm("ingest.change_labelmapping") is mappings


def test_source_page_shows_the_last_run(client, chief, global_edition):
    """The edit page shows the last run's counts and errors."""
    source = IngestSource.objects.create(name="Wire", url="https://feed.example/",
                                         edition=global_edition, items_new=3, items_rejected=1,
                                         last_error="item 2 x: no headline",
                                         last_status=IngestSource.Status.PARTIAL)
    IngestSource.objects.filter(pk=source.pk).update(last_run_at="2024-10-15T12:00:00Z")
    client.force_login(chief)
    page = client.get(reverse("wagtailsnippets_ingest_ingestsource:edit", args=[source.pk]))
    assert page.status_code == 200
    assert b"3 new, 0 updated, 1 rejected" in page.content
    assert b"item 2 x: no headline" in page.content


def test_a_mapping_must_point_to_a_label_of_its_edition(main_edition, global_edition):
    """A label of another edition, or a term mapped twice (any case), is a form error."""
    foreign = Label.objects.create(edition=main_edition, name="Думка")
    mapping = LabelMapping(edition=global_edition, source_term="Opinion", label=foreign)
    with pytest.raises(ValidationError, match="label of this edition"):
        mapping.full_clean()
    own = Label.objects.create(edition=global_edition, name="OPINION")
    LabelMapping.objects.create(edition=global_edition, source_term="Opinion", label=own)
    with pytest.raises(ValidationError, match="mapped already"):
        LabelMapping(edition=global_edition, source_term=" opinion ", label=own).full_clean()


def test_interval_is_at_least_a_minute(global_edition):
    """A zero interval would read the source on every tick; it is refused."""
    with pytest.raises(ValidationError, match="once a minute"):
        IngestSource(name="Wire", url="https://feed.example/", edition=global_edition,
                     interval=0).full_clean()


def test_a_source_address_is_http_or_https(global_edition):
    """ftp:, file: and other schemes cannot be configured as a source."""
    for url in ("ftp://feed.example/wire", "file:///etc/passwd"):
        with pytest.raises(ValidationError, match="url"):
            IngestSource(name="Wire", url=url, edition=global_edition).full_clean()
