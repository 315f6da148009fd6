"""Editors may submit pages for translation (wagtail-localize's "Translate" action).

wagtail-localize gives its permission to an "Editors" group only if one exists when its
own migration runs, which may be before 0005 created ours."""

from django.db import migrations


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _created = ContentType.objects.get_or_create(app_label="wagtail_localize", model="translation")
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type, codename="submit_translation", defaults={"name": "Can submit translations"}
    )
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("offices", "0006_region_foreign_key"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
