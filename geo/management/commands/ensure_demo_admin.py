import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Make sure the superuser 'admin' exists. Its password comes from "
        "DEMO_ADMIN_PASSWORD (applied on every run); without it a new user gets a "
        "random password, printed once, and an existing one keeps its password."
    )

    def handle(self, **options):
        User = get_user_model()
        password = os.environ.get("DEMO_ADMIN_PASSWORD", "")
        user = User.objects.filter(username="admin").first()
        if user is None:
            shown = password or secrets.token_urlsafe(12)
            User.objects.create_superuser("admin", "admin@example.com", shown)
            self.stdout.write(self.style.SUCCESS(f"Created superuser admin with password: {shown}"))
        elif password:
            user.set_password(password)
            user.is_staff = user.is_superuser = user.is_active = True
            user.save()
            self.stdout.write(
                self.style.SUCCESS("Set the admin password from DEMO_ADMIN_PASSWORD.")
            )
        else:
            self.stdout.write(
                "Superuser admin exists; its password is unchanged (set DEMO_ADMIN_PASSWORD to change it)."
            )
