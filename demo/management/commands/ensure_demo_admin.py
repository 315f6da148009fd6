import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from core.i18n import in_default_language


class Command(BaseCommand):
    help = "Create the demo administrator once and print its login (the password is kept in var/)."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default=None, help="The site's address; default: PUBLIC_BASE_URL.")

    def handle(self, *args, base_url, **options):
        base_url = (base_url or settings.PUBLIC_BASE_URL).rstrip("/")
        password_file = settings.BASE_DIR / "var" / "demo-admin-password"
        User = get_user_model()
        user = User.objects.filter(username="admin").first()
        if user is None or not password_file.exists():
            password = secrets.token_urlsafe(12)
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
            user = user or User(username="admin", email="admin@smartcitysweden.example")
            user.is_staff = user.is_superuser = True
            user.set_password(password)
            user.save()
        password = password_file.read_text().strip()
        self._office_user(password)
        self.stdout.write(self.style.SUCCESS(f"Staff admin: {base_url}/admin/  user: admin  password: {password}"))
        self.stdout.write(f"Office staff (Umeå): user: north  password: {password}")

    def _office_user(self, password):
        from offices.models import OfficePage, StaffRole

        office = in_default_language(OfficePage.objects.filter(slug="north")).first()
        if office is None:
            return
        User = get_user_model()
        user, _created = User.objects.get_or_create(
            username="north", defaults={"email": "north@smartcitysweden.example"}
        )
        user.is_staff = True
        user.set_password(password)
        user.save()
        # The staff role puts the user in the "Office staff" group, which opens the admin.
        StaffRole.objects.update_or_create(user=user, defaults={"role": StaffRole.Role.OFFICE_STAFF, "office": office})
