"""Cover images: checked by content, re-encoded, and given responsive copies.

- An upload is read by Pillow, not trusted by its name: only JPEG, PNG, WebP
  and GIF, at most ``MAX_BYTES`` and ``MAX_PIXELS`` (a 17 KB PNG can claim
  144 million pixels and cost a reader's browser, or our worker, gigabytes),
  and decoded in full. It is then re-encoded, which drops whatever was
  appended to the file and its metadata (EXIF: camera, GPS).
- When an article's cover changes, ``keep_renditions`` makes WebP copies
  ``WIDTHS`` wide and a 1200×675 JPEG for Open Graph, once, under names made
  from the image's content hash (``covers/r/<hash>-<width>.webp``): a name
  never changes meaning, so it is served with a one-year ``immutable``
  Cache-Control (geo.views.HASHED_MEDIA). The article stores their names and sizes
  (``Article.cover_renditions``), so a page needs no file-system access.
"""

import hashlib
import logging
import warnings
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
WIDTHS = (480, 960, 1200)
OG_SIZE = (1200, 675)
RENDITIONS_DIR = "covers/r"

MESSAGES = {
    "format": (_("The cover must be a JPEG, PNG, WebP or GIF image."), None),
    "broken": (_("This file is not an image, or it is damaged."), None),
    "pixels": (
        _(
            "This image has more than %(limit)d million pixels: please upload a smaller one "
            "(2400 × 1350 is plenty)."
        ),
        {"limit": MAX_PIXELS // 1_000_000},
    ),
    "bytes": (_("The file is larger than %(limit)d MB."), {"limit": MAX_BYTES // (1024 * 1024)}),
}


def refuse(code: str):
    message, params = MESSAGES[code]  # translated when shown, in the reader's language
    raise ValidationError(message, code=f"cover_{code}", params=params)


def _open(data: bytes) -> Image.Image:
    if len(data) > MAX_BYTES:
        refuse("bytes")
    try:
        with warnings.catch_warnings():
            # Our own limit is lower than Pillow's warning threshold; a file far
            # over Pillow's raises DecompressionBombError instead.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(BytesIO(data))
    except Image.DecompressionBombError:
        refuse("pixels")
    except (UnidentifiedImageError, OSError, ValueError):
        refuse("broken")
    if image.format not in FORMATS:
        refuse("format")
    width, height = image.size
    if width * height > MAX_PIXELS:
        refuse("pixels")
    return image


def check(data: bytes) -> Image.Image:
    """The decoded image, or ValidationError saying what is wrong with it."""
    image = _open(data)
    try:
        image.verify()  # structure and checksums
        image = Image.open(BytesIO(data))
        image.load()  # every pixel decodes
    except Exception:  # Pillow raises many kinds for a damaged file
        refuse("broken")
    return image


def reencode(data: bytes) -> tuple[bytes, str]:
    """The image saved anew in its own format, without metadata or anything
    appended; and its file extension."""
    image = check(data)
    image_format = image.format
    animated = getattr(image, "n_frames", 1) > 1
    if not animated:
        image = ImageOps.exif_transpose(image)  # keep the orientation, drop the EXIF
    out = BytesIO()
    options = {"JPEG": {"quality": 90, "optimize": True}, "PNG": {"optimize": True}}
    save = dict(options.get(image_format, {}))
    if image_format == "WEBP":
        save["quality"] = 90
    if animated:
        save["save_all"] = True
    if image_format == "JPEG" and image.mode not in ("RGB", "L", "CMYK"):
        image = image.convert("RGB")
    image.save(out, format=image_format, **save)
    return out.getvalue(), FORMATS[image_format]


class CoverFormField(forms.ImageField):
    """The cover upload: checked and re-encoded before it is stored."""

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        if upload.size is not None and upload.size > MAX_BYTES:
            refuse("bytes")
        if hasattr(upload, "seek"):
            upload.seek(0)
        cleaned, extension = reencode(upload.read())
        name = f"{PurePosixPath(upload.name).stem}.{extension}"
        content_type = Image.MIME.get(extension.upper().replace("JPG", "JPEG"))
        return SimpleUploadedFile(name, cleaned, content_type=content_type)


class CoverField(models.ImageField):
    """The article's cover: uploads go through CoverFormField."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CoverFormField, **kwargs})


# --------------------------------------------------------------- renditions


def keep_renditions(article) -> None:
    """Make the cover's renditions if the cover changed since they were made
    (called from Article.save; the same image makes the same names, so a
    re-import or a revert writes nothing new)."""
    cover = article.cover
    current = article.cover_renditions or {}
    if not cover:
        article.cover_renditions = {}
        return
    if not cover._committed:
        # What FileField.pre_save would do a moment later; needed now to read it.
        cover.save(cover.name, cover.file, save=False)
    if current.get("source") == cover.name:
        return
    try:
        with cover.open("rb") as source:
            data = source.read()
        written = []
        article.cover_renditions = make_renditions(
            data, cover.storage, source_name=cover.name, written=written
        )
        # For the importer, which removes what it wrote when a file fails.
        article.renditions_written = written
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        # A missing or unreadable file must not stop the save: the page then
        # shows the original, as before renditions existed.
        logger.warning("Cover %s: no renditions made (%s)", cover.name, error)
        article.cover_renditions = {}


def make_renditions(data: bytes, storage, *, source_name: str, written: list) -> dict:
    digest = hashlib.sha256(data).hexdigest()[:16]
    image = ImageOps.exif_transpose(Image.open(BytesIO(data)))  # the first frame of a GIF
    image = image.convert("RGBA" if _has_alpha(image) else "RGB")
    width, height = image.size
    webp = []
    for target in sorted({min(w, width) for w in WIDTHS}):
        scaled_height = round(height * target / width)
        name = f"{RENDITIONS_DIR}/{digest}-{target}.webp"
        if not storage.exists(name):
            copy = image.resize((target, scaled_height), Image.Resampling.LANCZOS)
            written.append(_store(storage, name, copy, "WEBP", quality=82, method=4))
        webp.append([target, scaled_height, name])
    og = f"{RENDITIONS_DIR}/{digest}-og.jpg"
    if not storage.exists(og):
        card = ImageOps.fit(image.convert("RGB"), OG_SIZE, Image.Resampling.LANCZOS)
        written.append(
            _store(storage, og, card, "JPEG", quality=85, optimize=True, progressive=True)
        )
    return {"source": source_name, "width": width, "height": height, "webp": webp, "og": og}


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def _store(storage, name: str, image: Image.Image, image_format: str, **options) -> str:
    out = BytesIO()
    image.save(out, format=image_format, **options)
    saved = storage.save(name, ContentFile(out.getvalue()))
    if saved != name:  # written meanwhile by another process: same content
        storage.delete(saved)
    return name


@dataclass(frozen=True)
class CoverImage:
    """What the page's <img> and meta tags need."""

    src: str
    srcset: str
    width: int | None
    height: int | None
    og: str


def cover_image(article) -> CoverImage | None:
    if not article.cover:
        return None
    renditions = article.cover_renditions or {}
    storage = article.cover.storage
    if renditions.get("source") != article.cover.name:  # made before renditions existed
        return CoverImage(article.cover.url, "", None, None, article.cover.url)
    webp = renditions["webp"]
    largest = webp[-1]
    return CoverImage(
        src=storage.url(largest[2]),
        srcset=", ".join(f"{storage.url(name)} {w}w" for w, _h, name in webp),
        width=largest[0],
        height=largest[1],
        og=storage.url(renditions["og"]),
    )
