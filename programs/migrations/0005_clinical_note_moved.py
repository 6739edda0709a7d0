"""ClinicalNote now belongs to the care app (care 0001); its table stays as it is."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0004_reminder_sent_names"),
        ("care", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ClinicalNote")],
            database_operations=[],
        )
    ]
