"""Cover uploads are checked by content and re-encoded; every cover gets its
responsive WebP copies and a 1200×675 Open Graph card, made once, served with
srcset and a one-year cache under names made from the image's content."""

import io
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from PIL import Image

from articles.models import Article
from geo.views import HASHED_MEDIA
from tests.reader_html import page
from tests.test_admin_articles import ADD, new_article_data

pytestmark = pytest.mark.django_db

DEMO = Path(__file__).resolve().parent.parent / "articles" / "demo"


def image_bytes(size=(2000, 1000), image_format="PNG", mode="RGB", **save) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, 200 if mode in ("1", "L") else (200, 40, 40)).save(
        out, format=image_format, **save
    )
    return out.getvalue()


def upload(name: str, data: bytes):
    file = ContentFile(data, name=name)
    return file


def add_with_cover(client, form_data, name, data):
    fields = new_article_data(client, form_data, cover_alt_zh_hans="封面")
    return client.post(ADD, {**fields, "cover": upload(name, data)})


def cover_errors(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    return response.context["adminform"].form.errors.get("cover", [])


# -------------------------------------------------------------- validation


def test_a_pixel_bomb_is_refused_with_a_clear_message_on_the_cover(superuser_client, form_data):
    bomb = image_bytes((12000, 12000), mode="1", optimize=True)  # 144 Mpx
    assert len(bomb) < 40_000

    response = add_with_cover(superuser_client, form_data, "bomb.png", bomb)

    assert cover_errors(response) == [
        "This image has more than 40 million pixels: please upload a smaller one "
        "(2400 × 1350 is plenty)."
    ]
    assert not Article.objects.exists()


def test_the_cover_message_is_in_the_editors_language(superuser_client, form_data):
    superuser_client.cookies["django_language"] = "zh-hans"
    superuser_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    bomb = image_bytes((8000, 6000), mode="1")  # 48 Mpx: under Pillow's own alarm, over ours

    response = add_with_cover(superuser_client, form_data, "big.png", bomb)

    assert cover_errors(response) == [
        "这张图片超过 40 百万像素，请上传小一些的图片（2400 × 1350 已足够）。"
    ]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.png", b"<?php echo 'not an image'; ?>", "This file is not an image, or it is damaged."),
        ("cut.png", image_bytes()[:300], "This file is not an image, or it is damaged."),
        ("cover.bmp", image_bytes(image_format="BMP"), "The cover must be a JPEG, PNG, WebP or GIF image."),
        ("cover.tiff", image_bytes(image_format="TIFF"), "The cover must be a JPEG, PNG, WebP or GIF image."),
    ],
)  # fmt: skip
def test_files_that_are_not_allowed_images_are_refused_on_the_cover(
    superuser_client, form_data, name, data, message
):
    response = add_with_cover(superuser_client, form_data, name, data)

    assert cover_errors(response) == [message]


def test_an_upload_is_re_encoded_without_metadata_or_anything_appended(superuser_client, form_data):
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {2: (39.0, 54.0, 0.0)}  # GPS latitude
    jpeg = image_bytes((1600, 900), "JPEG", exif=exif.tobytes())
    payload = b"<script>alert(1)</script>" * 10

    response = add_with_cover(superuser_client, form_data, "photo.jpg", jpeg + payload)

    assert response.status_code == 302
    stored = Article.objects.get().cover.read()
    assert b"<script>" not in stored and b"SecretCam" not in stored
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG" and image.size == (1600, 900)
    assert not image.getexif()


# -------------------------------------------------------------- renditions


def test_an_uploaded_cover_gets_webp_renditions_and_an_open_graph_card(
    superuser_client, form_data, settings
):
    add_with_cover(superuser_client, form_data, "wide.png", image_bytes((2000, 1000)))
    article = Article.objects.get()

    media = Path(settings.MEDIA_ROOT)
    sizes = {}
    for width, height, name in article.cover_renditions["webp"]:
        assert HASHED_MEDIA.match(name)
        with Image.open(media / name) as image:
            assert image.format == "WEBP"
            sizes[width] = image.size
            assert image.size == (width, height)
    assert sizes == {480: (480, 240), 960: (960, 480), 1200: (1200, 600)}
    with Image.open(media / article.cover_renditions["og"]) as card:
        assert (card.format, card.size) == ("JPEG", (1200, 675))


def test_a_small_cover_is_never_enlarged(article_factory, settings):
    article = article_factory()
    article.cover.save("small.png", ContentFile(image_bytes((600, 400))), save=True)

    assert [w for w, _h, _name in article.cover_renditions["webp"]] == [480, 600]


def test_renditions_are_made_once_per_image(article_factory, settings):
    article = article_factory()
    article.cover.save("once.png", ContentFile(image_bytes()), save=True)
    first = Path(settings.MEDIA_ROOT) / article.cover_renditions["webp"][0][2]
    written = first.stat().st_mtime_ns

    article.title_en = "Edited title"
    article.save()
    other = article_factory()
    other.cover.save("same-image.png", ContentFile(image_bytes()), save=True)

    assert first.stat().st_mtime_ns == written
    assert other.cover_renditions["webp"] == article.cover_renditions["webp"]


def test_the_article_page_offers_the_renditions_with_srcset_and_its_size(client, article_factory):
    article = article_factory(live=True, slug="with-cover", cover_alt_en="A red square")
    article.cover.save("wide.png", ContentFile(image_bytes((2000, 1000))), save=True)

    doc = page(client.get("/en/articles/with-cover/"))

    img = doc.one("figure", class_="cover").find("img")
    srcset = [part.strip().split(" ") for part in img.get("srcset").split(",")]
    assert [width for _url, width in srcset] == ["480w", "960w", "1200w"]
    assert all(re.match(r"^/media/covers/r/[0-9a-f]{16}-\d+\.webp$", url) for url, _ in srcset)
    assert img.get("sizes")
    assert (img.get("width"), img.get("height")) == ("1200", "600")
    assert img.get("loading") is None  # above the fold: fetched at once
    og_image = doc.one("meta", property="og:image").get("content")
    assert og_image.endswith(article.cover_renditions["og"])


def test_renditions_are_cached_for_a_year_and_originals_for_a_day(
    client, article_factory, settings
):
    settings.SERVE_MEDIA = True
    article = article_factory()
    article.cover.save("wide.png", ContentFile(image_bytes()), save=True)

    rendition = client.get("/media/" + article.cover_renditions["webp"][0][2])
    original = client.get(article.cover.url)

    assert rendition.status_code == 200
    assert rendition["Cache-Control"] == "public, max-age=31536000, immutable"
    assert original["Cache-Control"] == "public, max-age=86400"


# ------------------------------------------------------------------ import


def test_imported_demo_covers_get_renditions(tmp_path):
    call_command("load_demo", verbosity=0)

    covered = [article for article in Article.objects.all() if article.cover]
    assert covered
    for article in covered:
        assert article.cover_image.srcset
        assert article.cover_renditions["source"] == article.cover.name


def test_an_import_refuses_a_pixel_bomb_cover_naming_the_field(tmp_path):
    source = (DEMO / "open-models-enterprise.md").read_text(encoding="utf-8")
    cover = re.search(r"file: (covers/\S+)", source)[1]
    (tmp_path / "covers").mkdir()
    (tmp_path / cover).write_bytes(image_bytes((12000, 12000), mode="1"))
    (tmp_path / "open-models-enterprise.md").write_text(source, encoding="utf-8")

    with pytest.raises(CommandError, match=r"cover\.file.*40 million pixels"):
        call_command("import_articles", str(tmp_path / "open-models-enterprise.md"))
    assert not Article.objects.exists()


def test_the_command_makes_renditions_for_covers_that_lack_them(article_factory, settings):
    article = article_factory()
    article.cover.save("old.png", ContentFile(image_bytes()), save=True)
    made = Path(settings.MEDIA_ROOT) / article.cover_renditions["webp"][1][2]
    made.unlink()  # lost, or never made (uploaded before renditions existed)
    Article.objects.filter(pk=article.pk).update(cover_renditions={})
    version = Article.objects.get(pk=article.pk).version

    call_command("make_cover_renditions", verbosity=0)
    call_command("make_cover_renditions", verbosity=0)  # nothing left to do

    article.refresh_from_db()
    assert made.exists()
    assert article.cover_image.srcset.count("w,") == 2
    assert article.version == version
