"""The takedown models, taken over from ``articles`` with their tables
(articles_takedownrequest, articles_takedownevent): nothing is created in
the database. Their content types move with them, so permissions already
granted (Legal's) still apply."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MODELS = ["takedownrequest", "takedownevent"]


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label="takedowns", model=model).exists():
            ContentType.objects.filter(app_label="articles", model=model).update(
                app_label="takedowns"
            )


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="takedowns", model__in=MODELS).update(
        app_label="articles"
    )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('articles', '0005_move_takedowns_out'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
            name='TakedownRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reference', models.CharField(editable=False, max_length=20, unique=True, verbose_name='reference')),
                ('target_url', models.URLField(max_length=500, verbose_name='address of the content')),
                ('requester_name', models.CharField(max_length=120, verbose_name='name')),
                ('organisation', models.CharField(blank=True, max_length=200, verbose_name='organisation')),
                ('email', models.EmailField(max_length=254, verbose_name='contact e-mail')),
                ('relationship', models.CharField(choices=[('rights-holder', 'Rights holder'), ('agent', 'Authorised agent of the rights holder'), ('named-person', 'Person named in the content'), ('other', 'Other')], max_length=20, verbose_name='relationship to the content')),
                ('kind', models.CharField(choices=[('copyright', 'Copyright or trademark'), ('privacy', 'Privacy'), ('factual-error', 'Factual error needing correction'), ('other', 'Other')], max_length=20, verbose_name='request kind')),
                ('statement', models.TextField(max_length=5000, verbose_name='statement')),
                ('evidence_links', models.JSONField(blank=True, default=list, verbose_name='evidence links')),
                ('good_faith', models.BooleanField(default=False, verbose_name='good-faith declaration')),
                ('language', models.CharField(choices=[('zh-hans', '简体中文'), ('en', 'English')], default='zh-hans', max_length=10, verbose_name='language')),
                ('status', models.CharField(choices=[('received', 'Received'), ('under-review', 'Under review'), ('removed', 'Removed'), ('corrected', 'Corrected'), ('rejected', 'Rejected')], default='received', max_length=20, verbose_name='status')),
                ('decision_note', models.TextField(blank=True, help_text='Shown to the requester.', verbose_name='public decision note')),
                ('decided_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='decided at')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='received at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('article', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='takedown_requests', to='articles.article', verbose_name='article')),
                ('assignee', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='assignee')),
                ('handled_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
            ],
            options={
                'verbose_name': 'takedown request',
                'verbose_name_plural': 'takedown requests',
                'db_table': 'articles_takedownrequest',
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='TakedownEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='when')),
                ('action', models.CharField(max_length=200, verbose_name='what')),
                ('from_status', models.CharField(blank=True, max_length=20, verbose_name='from')),
                ('to_status', models.CharField(blank=True, max_length=20, verbose_name='to')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name='who')),
                ('request', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='takedowns.takedownrequest')),
            ],
            options={
                'verbose_name': 'audit event',
                'verbose_name_plural': 'audit trail',
                'db_table': 'articles_takedownevent',
                'ordering': ['at', 'pk'],
            },
        ),
        migrations.AddIndex(
            model_name='takedownrequest',
            index=models.Index(fields=['status', 'created_at'], name='articles_ta_status_5fd228_idx'),
        ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
