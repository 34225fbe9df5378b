"""Slugs go into URLs: ASCII only, by one validator. Tags could have had a
Chinese slug (taggit allows any script), which took every list page down;
such slugs are respelled in pinyin here."""

import re

import geo.slugs
from django.db import migrations


def respell_tag_slugs(apps, schema_editor):
    Tag = apps.get_model("articles", "Tag")
    for tag in Tag.objects.all():
        if re.fullmatch(r"[-a-zA-Z0-9_]+", tag.slug or ""):
            continue
        tag.slug = geo.slugs.unique_slug(
            Tag.objects.exclude(pk=tag.pk),
            tag.name_zh_hans or tag.name_en or tag.name or tag.slug,
            max_length=100,
        )
        tag.save(update_fields=["slug"])


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0003_takedown_requests'),
    ]

    operations = [
        migrations.AlterField(
            model_name='article',
            name='slug',
            field=geo.slugs.AsciiSlugField(blank=True, help_text='ASCII only. Left empty, it is made from the title (Chinese in pinyin).', max_length=100, unique=True, verbose_name='slug'),
        ),
        migrations.AlterField(
            model_name='entity',
            name='slug',
            field=geo.slugs.AsciiSlugField(blank=True, help_text='ASCII only. Left empty, it is made from the name (Chinese in pinyin).', max_length=100, unique=True, verbose_name='slug'),
        ),
        migrations.AlterField(
            model_name='historicalarticle',
            name='slug',
            field=geo.slugs.AsciiSlugField(blank=True, help_text='ASCII only. Left empty, it is made from the title (Chinese in pinyin).', max_length=100, verbose_name='slug'),
        ),
        migrations.AlterField(
            model_name='tag',
            name='slug',
            field=geo.slugs.AsciiSlugField(blank=True, help_text='ASCII only. Left empty, it is made from the name (Chinese in pinyin).', max_length=100, unique=True, verbose_name='slug'),
        ),
        migrations.RunPython(respell_tag_slugs, migrations.RunPython.noop),
    ]
