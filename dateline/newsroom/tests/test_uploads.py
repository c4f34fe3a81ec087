"""Hostile uploads, through the desk's own upload screens (``dateline/newsroom/uploads.py``).

Every refused file gets an error on the form (or, from the multiple uploader, in its JSON
answer) and leaves nothing behind: no image or document row, no file in the media folder.
Files that are accepted are what they claim to be, under a name with one extension; and
documents are served so that a browser downloads them and never runs them.
"""

import io
import random
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from PIL.PngImagePlugin import PngInfo
from wagtail.documents import get_document_model

from dateline.newsroom.models import NewsImage

pytestmark = pytest.mark.django_db

Document = get_document_model()

SCRIPT = b"<script>alert(document.cookie)</script>"
PHP = b"<?php system($_GET['c']); ?>"
HTML_PAGE = b"<!doctype html><html><body>" + SCRIPT + b"</body></html>"
SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" '
       b'height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>')

# Errors the forms give (Wagtail's own and ours), as the editor reads them.
NOT_AN_IMAGE = "Upload a valid image"
NOT_SUPPORTED = "Not a supported image format"
TOO_MANY_PIXELS = "This file has too many pixels"
TOO_BIG = "This file is too big"
HOLDS_CODE = "This image also holds a web page or code"
NOT_REAL = "This is not a real ."
TEXT_WITH_CODE = "This file holds a web page or code"
BAD_EXTENSION = "File extension"


# -- files ---------------------------------------------------------------------------------

def picture(fmt="JPEG", size=(64, 48), **options):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (200, 40, 40)).save(buffer, fmt, **options)
    return buffer.getvalue()


def png_with_text(text):
    info = PngInfo()
    info.add_text("Comment", text)
    return picture("PNG", pnginfo=info)


def png_header_only(width, height):
    """A PNG that says it is ``width`` × ``height`` (its pixels are never decoded)."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def noise_png(side):
    pixels = random.Random(7).randbytes(side * side * 3)
    buffer = io.BytesIO()
    PILImage.frombytes("RGB", (side, side), pixels).save(buffer, "PNG")
    return buffer.getvalue()


def package(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = package({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# -- the desk's upload screens ----------------------------------------------------------------

def media_files():
    root = Path(settings.MEDIA_ROOT)
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def upload_image(client, name, data, multiple=False):
    """(accepted, error text) from the single or the multiple image uploader."""
    upload = SimpleUploadedFile(name, data)
    if multiple:
        answer = client.post("/admin/images/multiple/add/", {"files[]": upload}).json()
        return answer["success"], answer.get("error_message", "")
    response = client.post("/admin/images/add/", {"title": "Upload", "file": upload})
    if response.status_code == 302:
        return True, ""
    assert response.status_code == 200, response.status_code
    return False, " ".join(response.context["form"].errors.get("file", []))


def upload_document(client, name, data, multiple=False):
    upload = SimpleUploadedFile(name, data)
    if multiple:
        answer = client.post("/admin/documents/multiple/add/", {"files[]": upload}).json()
        return answer["success"], answer.get("error_message", "")
    response = client.post("/admin/documents/add/", {"title": "Upload", "file": upload})
    if response.status_code == 302:
        return True, ""
    assert response.status_code == 200, response.status_code
    return False, " ".join(response.context["form"].errors.get("file", []))


@pytest.fixture
def desk(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def archivist(client, superuser):
    """Documents are added by superusers only: no newsroom role holds that right."""
    client.force_login(superuser)
    return client


REFUSED_IMAGES = {
    "svg-with-script": ("map.svg", SVG, NOT_SUPPORTED),
    "svg-named-png": ("map.png", SVG, "The extension does not match the file format (svg)"),
    "html-named-jpg": ("photo.jpg", HTML_PAGE, NOT_AN_IMAGE),
    "php-named-gif": ("photo.gif", PHP, NOT_AN_IMAGE),
    "jpeg-with-html-comment": ("photo.jpg", picture("JPEG", comment=HTML_PAGE), HOLDS_CODE),
    "png-with-php-text": ("photo.png", png_with_text(PHP.decode()), HOLDS_CODE),
    "gif-then-php": ("photo.gif", picture("GIF") + PHP, HOLDS_CODE),
    "jpeg-then-html": ("photo.jpg", picture("JPEG") + HTML_PAGE, HOLDS_CODE),
    "png-named-jpg": ("photo.jpg", picture("PNG"), "Not a valid .jpeg image"),
    "decompression-bomb": ("bomb.png", png_header_only(50_000, 50_000), TOO_MANY_PIXELS),
    "over-the-pixel-limit": ("huge.png", png_header_only(9_000, 8_000), TOO_MANY_PIXELS),
    "truncated": ("cut.png", picture("PNG", size=(300, 300))[:300], NOT_AN_IMAGE),
    "truncated-data": ("cut.png", png_header_only(300, 300), NOT_AN_IMAGE),
}


@pytest.mark.parametrize("multiple", [False, True], ids=["add", "multiple-add"])
@pytest.mark.parametrize("case", REFUSED_IMAGES)
def test_hostile_image_is_refused_and_nothing_is_saved(desk, case, multiple):
    """SVG, pages and scripts named as pictures, pictures carrying code, and images too
    large to decode are refused with an error on the file, and nothing is stored."""
    name, data, message = REFUSED_IMAGES[case]
    before = media_files()
    accepted, error = upload_image(desk, name, data, multiple)
    assert not accepted
    assert message in error, error
    assert not NewsImage.objects.exists()
    assert media_files() == before


@pytest.mark.parametrize("multiple", [False, True], ids=["add", "multiple-add"])
def test_oversized_image_is_refused(desk, settings, multiple):
    """A file over WAGTAILIMAGES_MAX_UPLOAD_SIZE is refused with the limit in the message."""
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20_000
    before = media_files()
    accepted, error = upload_image(desk, "big.png", noise_png(100), multiple)
    assert not accepted
    assert TOO_BIG in error and "19.5" in error, error
    assert not NewsImage.objects.exists() and media_files() == before


def test_replacing_a_picture_with_a_page_is_refused_and_the_old_one_stays(desk):
    """The edit screen checks a new file as the upload screen does."""
    assert upload_image(desk, "photo.jpg", picture()) == (True, "")
    image = NewsImage.objects.get()
    old_file = image.file.name
    response = desk.post(f"/admin/images/{image.pk}/", {
        "title": "Replaced", "file": SimpleUploadedFile("photo.jpg", picture() + HTML_PAGE),
        "collection": image.collection_id, "credit": "", "caption": ""})
    assert response.status_code == 200
    assert HOLDS_CODE in " ".join(response.context["form"].errors["file"])
    image.refresh_from_db()
    assert (image.title, image.file.name) == ("Upload", old_file)


@pytest.mark.parametrize("multiple", [False, True], ids=["add", "multiple-add"])
def test_a_real_picture_is_kept_under_one_extension(desk, multiple):
    """A real picture is accepted; a name with a second extension loses it."""
    accepted, error = upload_image(desk, "shell.php.jpg", picture(), multiple)
    assert accepted, error
    image = NewsImage.objects.get()
    name = Path(image.file.name).name  # the storage may add a suffix to keep names apart
    assert name.startswith("shell-php") and name.endswith(".jpg") and name.count(".") == 1
    assert (image.width, image.height) == (64, 48)


REFUSED_DOCUMENTS = {
    "html-page": ("page.html", HTML_PAGE, BAD_EXTENSION),
    "svg-with-script": ("map.svg", SVG, BAD_EXTENSION),
    "php-script": ("shell.php", PHP, BAD_EXTENSION),
    "html-named-pdf": ("report.pdf", HTML_PAGE, NOT_REAL),
    "html-named-txt": ("notes.txt", HTML_PAGE, TEXT_WITH_CODE),
    "php-named-csv": ("figures.csv", b"a,b\n" + PHP + b"\n", TEXT_WITH_CODE),
    "binary-named-txt": ("notes.txt", b"\x00\x01\x02MZ\x90\x00", NOT_REAL),
    "zip-named-docx": ("letter.docx", package({"index.html": HTML_PAGE}), NOT_REAL),
    "html-named-docx": ("letter.docx", HTML_PAGE, NOT_REAL),
    "docx-named-odt": ("letter.odt", DOCX, NOT_REAL),
}


@pytest.mark.parametrize("multiple", [False, True], ids=["add", "multiple-add"])
@pytest.mark.parametrize("case", REFUSED_DOCUMENTS)
def test_hostile_document_is_refused_and_nothing_is_saved(archivist, case, multiple):
    """Pages, SVG and scripts are not documents; a file whose content is not what its
    extension says is refused; nothing is stored."""
    name, data, message = REFUSED_DOCUMENTS[case]
    before = media_files()
    accepted, error = upload_document(archivist, name, data, multiple)
    assert not accepted
    assert message in error, error
    assert not Document.objects.exists()
    assert media_files() == before


def test_oversized_document_is_refused(archivist, settings):
    """A file over WAGTAILDOCS_MAX_UPLOAD_SIZE is refused with the limit in the message."""
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1_000
    accepted, error = upload_document(archivist, "notes.txt", b"word " * 400)
    assert not accepted and TOO_BIG in error, error
    assert not Document.objects.exists()


def test_documents_have_a_size_limit():
    """Without a limit Wagtail takes documents of any size."""
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 20 * 1024 * 1024


def test_editors_cannot_upload_documents(desk):
    """No newsroom role may add documents: the screen is denied and nothing is stored."""
    response = desk.post("/admin/documents/add/",
                         {"title": "x", "file": SimpleUploadedFile("a.pdf", PDF)})
    assert response.status_code in (302, 403)
    assert not Document.objects.exists()


SERVED_DOCUMENTS = {
    "pdf": ("report.pdf", PDF, "application/pdf"),
    # A real PDF that is also a web page is still only ever downloaded.
    "pdf-html-polyglot": ("report.pdf", PDF + HTML_PAGE, "application/pdf"),
    "txt": ("notes.txt", "Ціна: 5 € — «так»\n".encode(), "text/plain"),
    "csv": ("figures.csv", b"year,toll\n2024,5\n", "text/csv"),
    "docx": ("letter.docx", DOCX, "application/vnd.openxmlformats-officedocument"
                                  ".wordprocessingml.document"),
}


@pytest.mark.parametrize("case", SERVED_DOCUMENTS)
def test_documents_are_served_as_downloads_that_cannot_run(archivist, case):
    """An accepted document is served as an attachment, with nosniff, its own (never an
    HTML) content type and a policy that forbids running anything."""
    name, data, content_type = SERVED_DOCUMENTS[case]
    accepted, error = upload_document(archivist, name, data)
    assert accepted, error
    document = Document.objects.get()
    archivist.logout()
    response = archivist.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"].split(";")[0] == content_type
    assert "html" not in response["Content-Type"]
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert b"".join(response.streaming_content) == data
