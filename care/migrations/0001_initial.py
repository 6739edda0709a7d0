"""The care app takes over CareLink and Invitation (from accounts) and ClinicalNote (from
programs). Only Django's idea of which app owns them changes: the tables keep their names and
their rows (``db_table``), so nothing is copied. The content types are renamed too, so the audit
trail and permissions recorded against the old app labels follow the models."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import care.models

MOVED = (("accounts", "carelink"), ("accounts", "invitation"), ("programs", "clinicalnote"))


def _rename_content_types(apps, *, to_care: bool) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    log_entry = apps.get_model("auditlog", "LogEntry")
    for old_label, model in MOVED:
        source, target = (old_label, "care") if to_care else ("care", old_label)
        old = content_type.objects.filter(app_label=source, model=model).first()
        if old is None:
            continue
        new = content_type.objects.filter(app_label=target, model=model).first()
        if new is None:
            old.app_label = target
            old.save(update_fields=["app_label"])
            continue
        # Both exist (the new one was made by code that ran in between): keep the new one and
        # move what pointed at the old one onto it.
        log_entry.objects.filter(content_type=old).update(content_type=new)
        old.delete()


def content_types_to_care(apps, schema_editor) -> None:
    _rename_content_types(apps, to_care=True)


def content_types_back(apps, schema_editor) -> None:
    _rename_content_types(apps, to_care=False)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0001_initial"),
        ("programs", "0004_reminder_sent_names"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auditlog", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Invitation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "code",
                            models.CharField(
                                default=care.models.new_invitation_code, max_length=16, unique=True
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "expires_at",
                            models.DateTimeField(default=care.models.invitation_expiry),
                        ),
                        ("accepted_at", models.DateTimeField(blank=True, null=True)),
                        ("cancelled_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "accepted_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="invitations_accepted",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "physiotherapist",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="invitations_sent",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={"db_table": "accounts_invitation", "ordering": ["-created_at"]},
                ),
                migrations.CreateModel(
                    name="CareLink",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "consented_at",
                            models.DateTimeField(default=django.utils.timezone.now),
                        ),
                        ("ended_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "client",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="care_links",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "ended_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "physiotherapist",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="caseload_links",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "invitation",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                to="care.invitation",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "accounts_carelink",
                        "ordering": ["-consented_at"],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("ended_at__isnull", True)),
                                fields=("client", "physiotherapist"),
                                name="one_active_link_per_pair",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ClinicalNote",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("body", models.TextField(max_length=8000)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "client",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="clinical_notes",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "physiotherapist",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notes_written",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={"db_table": "programs_clinicalnote", "ordering": ["-created_at"]},
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_care, content_types_back),
    ]
