"""Uploads are checked for what they are, not for what they are called.

Wagtail already refuses an image whose format is not the one its extension names (Willow
reads the file's header: an HTML page or a PHP script named ``.jpg`` is not an image), a
format outside ``WAGTAILIMAGES_EXTENSIONS`` (SVG, which can carry script, is not in it), a
file over ``WAGTAILIMAGES_MAX_UPLOAD_SIZE`` and an image over
``WAGTAILIMAGES_MAX_IMAGE_PIXELS`` (a decompression bomb is refused from its header, before
any pixel is decoded); and a document outside ``WAGTAILDOCS_EXTENSIONS`` or over
``WAGTAILDOCS_MAX_UPLOAD_SIZE``. The forms here (``WAGTAILIMAGES_IMAGE_FORM_BASE``,
``WAGTAILDOCS_DOCUMENT_FORM_BASE``) add:

- an image that is also a web page, an SVG or a script (a "polyglot": markup or PHP in its
  metadata or after its end) is refused;
- a document must be what its extension says: a PDF starts with ``%PDF-``, a .docx, .xlsx
  or .odt is a ZIP package of that kind, and a .txt or .csv is text, not a web page;
- the stored name has one extension, the file's real one ("photo.php.jpg" is kept as
  "photo-php.jpg").

Documents are served as attachments with ``X-Content-Type-Options: nosniff`` and their own
content type (``WAGTAILDOCS_INLINE_CONTENT_TYPES = []``), so even a file that slipped
through is downloaded, never run by the browser.
"""

import io
import os
import re
import warnings
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

# Markup and code a browser or a server would run. Each is long enough (and the short ones
# need the character that must follow them) that compressed picture data does not hold
# one by chance.
CODE = re.compile(
    rb"<\?php[\s]|<script|<html[\s>]|<body[\s>]|<iframe|<svg[\s/>]|<!doctype\s+html"
    rb"|javascript:",
    re.IGNORECASE)

IMAGE_EXTENSIONS = {"jpeg": "jpg", "png": "png", "gif": "gif", "webp": "webp", "avif": "avif",
                    "heic": "heic"}
# The member every package of the kind has, and for OpenDocument the type it declares.
PACKAGES = {
    "docx": ("word/document.xml", None),
    "xlsx": ("xl/workbook.xml", None),
    "odt": ("mimetype", b"application/vnd.oasis.opendocument.text"),
}
TEXT_EXTENSIONS = {"txt", "csv"}
UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")


def _read(upload):
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _extension(name):
    return os.path.splitext(name)[1].lower().lstrip(".")


def safe_name(name, extension, fallback):
    """``name`` with one extension, ``extension``: inner dots and odd characters go."""
    stem = os.path.basename(name)
    stem = stem[:-len(extension) - 1] if stem.lower().endswith("." + extension) else (
        os.path.splitext(stem)[0])
    stem = slugify(stem.replace(".", "-"), allow_unicode=True)[:80].strip("-_") or fallback
    return f"{stem}.{extension}"


def check_image(upload):
    """Refuse an image that carries markup or code; name it by its real format."""
    if CODE.search(_read(upload)):
        raise ValidationError(
            _("This image also holds a web page or code (HTML, SVG, script or PHP), so it "
              "cannot be uploaded. Save the picture again from an image editor and upload "
              "that copy."),
            code="image_with_code")
    image_format = getattr(getattr(upload, "image", None), "format_name", None)
    extension = IMAGE_EXTENSIONS.get(image_format, _extension(upload.name))
    upload.name = safe_name(upload.name, extension, "image")


def checked_image(content, name="picture"):
    """``content`` (bytes from outside the desk, such as a wire photo) as an upload that
    has passed every check an image uploaded on the desk passes (``ImageForm``); named
    ``name`` with the extension of its real format. Raises ``ValidationError``."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(content)) as image:  # reads the header only
                real_format = (image.format or "").lower()
    except Exception:  # noqa: BLE001 (Pillow raises many kinds for what is not a picture)
        raise ValidationError(_("This is not a readable picture."),
                              code="invalid_image") from None
    extension = IMAGE_EXTENSIONS.get(real_format, real_format or "bin")
    upload = SimpleUploadedFile(safe_name(name, extension, "picture"), content)
    upload = ImageFileField(required=True).clean(upload)
    check_image(upload)
    return upload


def check_document(upload):
    """Refuse a document that is not what its extension says."""
    extension = _extension(upload.name)
    data = _read(upload)
    if extension == "pdf":
        real = data.startswith(b"%PDF-")
    elif extension in PACKAGES:
        real = _is_package(upload, *PACKAGES[extension])
    elif extension in TEXT_EXTENSIONS:
        real = _is_text(data)
        if real and CODE.search(data):
            raise ValidationError(
                _("This file holds a web page or code (HTML, SVG, script or PHP), which "
                  "cannot be uploaded as a .%(extension)s file."),
                code="document_with_code", params={"extension": extension})
    else:
        return  # Not an extension we know: the model refuses it (WAGTAILDOCS_EXTENSIONS).
    if not real:
        raise ValidationError(
            _("This is not a real .%(extension)s file: its content is of another kind. "
              "Export it again as .%(extension)s, or upload it with the extension of what "
              "it is."),
            code="document_not_its_type", params={"extension": extension})
    upload.name = safe_name(upload.name, extension, "document")


def _is_package(upload, member, declared):
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
            if member not in names:
                return False
            if declared is not None:
                return package.read(member).strip() == declared
            return True
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return False
    finally:
        upload.seek(0)


def _is_text(data):
    if data.startswith(UTF16_MARKS):
        return len(data) % 2 == 0
    return b"\x00" not in data


class ImageFileField(WagtailImageField):
    """Wagtail's image field, reading first the size the file declares.

    Willow decodes every pixel before Wagtail compares their number with
    ``WAGTAILIMAGES_MAX_IMAGE_PIXELS``: an image over that limit but under Pillow's own
    alarm (89 million pixels) would be decoded whole (a 9000 × 8000 PNG of some hundred
    kilobytes takes 288 MB), and a file whose data stops short would fail with a server
    error. The header is read first, and an image that cannot be decoded is an error on the
    form.
    """

    def to_python(self, data):
        if data is not None and self.max_image_pixels:
            self._check_declared_size(data)
        try:
            return super().to_python(data)
        except (OSError, SyntaxError, ValueError) as error:  # Pillow's "truncated", "broken"
            raise ValidationError(self.error_messages["invalid_image"],
                                  code="invalid_image") from error

    def _check_declared_size(self, data):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", PILImage.DecompressionBombWarning)
                with PILImage.open(data) as image:  # reads the header only
                    width, height = image.size
            too_many = width * height > self.max_image_pixels
        except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
            too_many = True
        except Exception:  # noqa: BLE001
            return  # not a picture Pillow reads: Wagtail's own checks say what it is
        finally:
            data.seek(0)
        if too_many:
            raise ValidationError(
                self.error_messages["file_too_many_pixels"]
                % {"num_pixels": _("more than %(count)s") % {"count": self.max_image_pixels},
                   "max_pixels_count": self.max_image_pixels},
                code="file_too_many_pixels")


class ImageForm(BaseImageForm):
    """The image library's form (add, edit, multiple upload, chooser upload)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if type(field) is WagtailImageField:
            # Built by Wagtail's form factory, with its widget, label and limits; only the
            # header check is added.
            field.__class__ = ImageFileField

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):  # a new file, not the one already stored
            check_image(upload)
        return upload


class DocumentForm(BaseDocumentForm):
    """The document library's form (add, edit, multiple upload, chooser upload)."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            check_document(upload)
        return upload
