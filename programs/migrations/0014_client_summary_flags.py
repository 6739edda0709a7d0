"""Each client's unresolved flags kept in the caseload summary, filled from the flags."""

from collections import defaultdict

from django.db import migrations, models

from programs.selectors.summaries import flag_entries


def fill(apps, schema_editor):
    Flag = apps.get_model("programs", "Flag")
    ClientSummary = apps.get_model("programs", "ClientSummary")
    unresolved = defaultdict(list)
    for flag in Flag.objects.exclude(status="resolved").iterator():
        unresolved[flag.client_id].append(flag)
    summaries = [
        summary
        for summary in ClientSummary.objects.only("client_id").iterator()
        if summary.client_id in unresolved
    ]
    for summary in summaries:
        summary.flags = flag_entries(unresolved[summary.client_id])
    ClientSummary.objects.bulk_update(summaries, ["flags"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0013_daily_job_moment"),
    ]

    operations = [
        migrations.AddField(
            model_name="clientsummary",
            name="flags",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
