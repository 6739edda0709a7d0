"""CareLink and Invitation now belong to the care app (care 0001); their tables stay as they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("care", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="CareLink"),
                migrations.DeleteModel(name="Invitation"),
            ],
            database_operations=[],
        )
    ]
