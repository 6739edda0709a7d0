"""A progression decision stores the rules' reason alone ("your last 2 sessions were complete,
..."); the page writes "Next time: level 3 — Medium band, because ..." around it. Decisions stored
before kept the whole sentence: this keeps only the part after "because". A physiotherapist's
adjustment keeps its reason as written."""

from django.db import migrations

ENGINE_ACTIONS = ("advance", "hold", "regress")
BECAUSE = "), because "


def reasons_alone(apps, schema_editor) -> None:
    decision = apps.get_model("programs", "ProgressionDecision")
    rows = decision.objects.filter(action__in=ENGINE_ACTIONS, reason__startswith="Next time: level ")
    for row in rows.iterator():
        head = f"Next time: level {row.to_level} ("
        if not row.reason.startswith(head) or BECAUSE not in row.reason:
            continue
        because = row.reason.split(BECAUSE, 1)[1].rstrip(".")
        decision.objects.filter(pk=row.pk).update(reason=because)


class Migration(migrations.Migration):
    dependencies = [("programs", "0005_clinical_note_moved")]

    operations = [migrations.RunPython(reasons_alone, migrations.RunPython.noop)]
