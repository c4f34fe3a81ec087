"""Every public page, in both editions, entirely in the edition's language.

The reference page leaks a raw message key (``client/title.list_title``); these tests fail
on any such key, on any template variable left unrendered, and on any English interface
text on a Ukrainian page.
"""

import gettext
import re
from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from dateline.newsroom.actions import AddUpdateNoteAction

pytestmark = pytest.mark.django_db

CATALOGS = Path(settings.LOCALE_PATHS[0])
RAW_KEY = re.compile(r"\b[a-z_]+/[a-z_]+\.[a-z_]+\b|\b[a-z]+(?:_[a-z]+)+\.[a-z_]+\b")
UNRENDERED = re.compile(r"\{\{|\}\}|\{%|%\}|%\([a-z_]+\)s")


def _catalog(language):
    return polib.pofile(str(CATALOGS / language / "LC_MESSAGES" / "django.po"))


def public_pages(world):
    """Every public page type of each edition."""
    for code, prefix in (("main", ""), ("global", "/global")):
        article = world[code]["articles"][0]
        local = article.first_published_at.astimezone(article.edition.tz)
        yield code, [
            f"{prefix}/", f"{prefix}/news/", article.get_absolute_url(),
            world[code]["articles"][3].get_absolute_url(),
            f"{prefix}/section/{world[code]['section'].slug}/",
            f"{prefix}/tag/{world[code]['tag'].slug}/",
            f"{prefix}/author/{world['columnist'].slug}/",
            f"{prefix}/{local:%Y/%m/%d}/", f"{prefix}/search/", f"{prefix}/search/?q=zzyzx",
            f"{prefix}/search/?q=0", f"{prefix}/news/?cursor=bad", f"{prefix}/no-such-page/x/",
            f"{prefix}/corrections/", f"{prefix}/corrections/?cursor=bad",
        ]


def _language_of(node):
    marked = node.find_parent(lang=True)
    return marked["lang"] if marked else "uk"


def _visible_text(html):
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style"]):
        hidden.decompose()
    return soup


def test_ukrainian_catalog_is_complete():
    """Every interface string has a Ukrainian translation; none is fuzzy."""
    catalog = _catalog("uk")
    assert len(catalog) > 100
    assert [entry.msgid for entry in catalog.untranslated_entries()] == []
    assert [entry.msgid for entry in catalog.fuzzy_entries()] == []
    assert catalog.obsolete_entries() == []


def test_compiled_catalog_matches_its_source():
    """The .mo that Django reads says what the .po says (run compilemessages after edits)."""
    with open(CATALOGS / "uk" / "LC_MESSAGES" / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for entry in _catalog("uk").translated_entries():
        if entry.msgid_plural:
            for n, form in ((1, 0), (3, 1), (5, 2)):
                assert compiled.ngettext(entry.msgid, entry.msgid_plural, n) == \
                    entry.msgstr_plural[form], entry.msgid
            continue
        translated = (compiled.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt
                      else compiled.gettext(entry.msgid))
        assert translated == entry.msgstr, entry.msgid


def test_every_page_is_fully_rendered_and_in_its_language(client, newsroom):
    """No raw keys, no unrendered variables, no English interface text on Ukrainian pages."""
    # A name that Ukrainian writes the same (Telegram) is not English text.
    english = {entry.msgid for entry in _catalog("uk") if len(entry.msgid) > 3
               and "%(" not in entry.msgid and entry.msgstr != entry.msgid}
    for code, text in (("main", "Виправили прізвище."), ("global", "We fixed a name.")):
        AddUpdateNoteAction(newsroom[code]["articles"][0], text=text, kind="clarification").execute()
    checked = 0
    for code, urls in public_pages(newsroom):
        for url in urls:
            response = client.get(url)
            assert response.status_code in (200, 400, 404), (url, response.status_code)
            html = response.content.decode()
            soup = _visible_text(html)
            text = soup.get_text(" ")
            assert not RAW_KEY.search(text), (url, RAW_KEY.search(text).group())
            assert not UNRENDERED.search(html), (url, UNRENDERED.search(html).group())
            checked += 1
            if response.status_code == 400:  # a one-line message, not a page
                assert code != "main" or text.strip() not in english, (url, text)
                continue
            assert soup.html["lang"] == ("uk" if code == "main" else "en"), url
            if code == "main":
                # Content (articles, headlines) is the newsroom's; text marked as another
                # language (the switcher's "English") is meant to be.
                interface = [node for node in soup.find_all(string=True)
                             if not node.find_parent(["article", "h1"])
                             and not node.find_parent(class_="items")
                             and _language_of(node) == "uk"]
                leaked = {s for s in english for node in interface
                          if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", node)}
                assert leaked == set(), (url, leaked)
                attributes = " ".join(str(v) for tag in soup.find_all(True)
                                      for k, v in tag.attrs.items()
                                      if k in ("aria-label", "title", "placeholder"))
                assert not {s for s in english if re.search(rf"(?<!\w){re.escape(s)}(?!\w)",
                                                             attributes)}, url
    assert checked == 30


SOURCE = Path(settings.PACKAGE_DIR)
TEMPLATE_STRINGS = re.compile(r"""\{%\s*translate\s+(["'])(.+?)\1""")
PYTHON_STRINGS = re.compile(r"""(?<![\w.])_\(\s*(["'])(.+?)(?<!\\)\1\s*[,)]""")


def _interface_strings():
    for path in SOURCE.rglob("*"):
        if "tests" in path.parts or path.suffix not in (".html", ".py"):
            continue
        pattern = TEMPLATE_STRINGS if path.suffix == ".html" else PYTHON_STRINGS
        for match in pattern.finditer(path.read_text()):
            yield path.relative_to(SOURCE), match.group(2)


def test_every_interface_string_is_in_the_catalog():
    """A string marked for translation but missing from the catalog fails (run makemessages)."""
    known = {entry.msgid for entry in _catalog("uk")}
    strings = list(_interface_strings())
    assert len(strings) > 50
    assert [(str(path), text) for path, text in strings if text not in known] == []
