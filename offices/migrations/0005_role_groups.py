"""One Wagtail group per staff role, with the Wagtail permissions the role needs.

What a role may do with visit requests, follow-ups and statistics is decided by
offices.permissions, not by these groups; the groups give access to the Wagtail admin
and to the content (pages, images, documents, snippets) each role maintains.
offices.signals puts a user in the group of their StaffRole; existing roles are put in
their group here.

The names are frozen here (StaffRole.GROUP_NAMES holds the same ones). "Editors" is the
group Wagtail's own initial data created; it is extended, not replaced. Idempotent:
running it again changes nothing. Reversing it leaves the groups (users may be in them).
"""

from django.db import migrations

ACCESS_ADMIN = ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")

CONTENT_PAGES = ["add", "change", "publish", "lock", "unlock"]
MEDIA = {
    ("wagtailimages", "image"): ["add", "change", "delete", "choose"],
    ("wagtaildocs", "document"): ["add", "change", "delete", "choose"],
}
STRUCTURE_SNIPPETS = {  # counties are the fixed 21 from 0002: only their region changes
    ("offices", "region"): ["add", "change", "view"],
    ("offices", "county"): ["change", "view"],
}

GROUPS = {
    "Coordinators": {
        "pages": CONTENT_PAGES,  # events, offices (opening days, slots), moderation
        "collections": MEDIA,
        "snippets": {**STRUCTURE_SNIPPETS, ("offices", "closure"): ["add", "change", "delete", "view"]},
    },
    "Office staff": {},  # requests and follow-ups are gated by offices.permissions
    "Editors": {"pages": CONTENT_PAGES, "collections": MEDIA, "snippets": STRUCTURE_SNIPPETS},
    # Statistics are gated by offices.permissions. "add" lets a manager write the year-in-review
    # draft they started; editors publish it.
    "Managers": {"pages": ["add"]},
}
ROLE_GROUPS = {
    "coordinator": "Coordinators",
    "office_staff": "Office staff",
    "editor": "Editors",
    "manager": "Managers",
}


def permission(apps, app_label, model, codename, name=None):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    # Django creates model permissions after migrating (post_migrate); create them now.
    content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
    found, _created = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name or "Can " + codename.replace("_", " ")}
    )
    return found


def create_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_page = Page.objects.filter(depth=1).order_by("path").first()
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    access_admin = permission(apps, *ACCESS_ADMIN)

    for name, grants in GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        for (app_label, model), actions in grants.get("snippets", {}).items():
            group.permissions.add(*[permission(apps, app_label, model, f"{action}_{model}") for action in actions])
        if root_page is not None:
            for action in grants.get("pages", []):
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=permission(apps, "wagtailcore", "page", f"{action}_page")
                )
        if root_collection is not None:
            for (app_label, model), actions in grants.get("collections", {}).items():
                for action in actions:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group,
                        collection=root_collection,
                        permission=permission(apps, app_label, model, f"{action}_{model}"),
                    )

    # Staff who had a role before the groups existed join their role's group too.
    StaffRole = apps.get_model("offices", "StaffRole")
    for staff_role in StaffRole.objects.select_related("user"):
        staff_role.user.groups.add(Group.objects.get(name=ROLE_GROUPS[staff_role.role]))


class Migration(migrations.Migration):
    dependencies = [
        ("offices", "0004_staff_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
