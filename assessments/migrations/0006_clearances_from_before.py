"""A clearance recorded before who and when were asked becomes a Clearance row: the name as the
client wrote it, the role "other" (it was never asked), seen on the day it was recorded (the only
date known), raised on the day the self-assessment was submitted."""

from django.db import migrations


def fill(apps, schema_editor):
    Assessment = apps.get_model("assessments", "Assessment")
    Clearance = apps.get_model("assessments", "Clearance")
    for assessment in Assessment.objects.filter(
        cleared_at__isnull=False, owner__isnull=False
    ).iterator():
        if Clearance.objects.filter(assessment=assessment).exists():
            continue
        seen = assessment.cleared_at.date()
        raised = (assessment.submitted_at or assessment.cleared_at).date()
        Clearance.objects.create(
            client_id=assessment.owner_id,
            assessment=assessment,
            answers="referral",
            clinician_name=(assessment.cleared_by or "Not recorded")[:100],
            clinician_role="other",
            seen_on=seen,
            raised_on=min(raised, seen),
            rules_version=assessment.rules_version,
        )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0005_clearance_who_and_when")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
