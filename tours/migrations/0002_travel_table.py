"""The shipped travel-time table, and the right to edit it for coordinators and editors."""

from django.db import migrations

EDITING_GROUPS = ("Coordinators", "Editors")


def load(apps, schema_editor):
    from tours.travel_data import load_table

    load_table(apps.get_model("tours", "TravelPlace"), apps.get_model("tours", "TravelTime"))
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = []
    for model in ("travelplace", "traveltime"):
        content_type, _created = ContentType.objects.get_or_create(app_label="tours", model=model)
        for action in ("add", "change", "delete", "view"):
            permission, _created = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            permissions.append(permission)
    for group in Group.objects.filter(name__in=EDITING_GROUPS):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("tours", "0001_initial"), ("offices", "0005_role_groups")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
