"""A caseload entry for every active care link, from the client's summary and name as stored
(the values of ``programs.selectors.summaries.ENTRY_VALUES``, written out here so that this
step stays as it ran)."""

from datetime import UTC, date, datetime

from django.db import migrations

NO_FLAG_TIME = datetime(9999, 12, 31, tzinfo=UTC)
NEVER = date(1900, 1, 1)


def entries_fill(apps, schema_editor):
    ops = schema_editor.connection.ops
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO programs_caseloadentry (physio_id, client_id, sort_rank, sort_raised, "
            "sort_activity, sort_adherence, sort_pain, sort_name) "
            "SELECT l.physiotherapist_id, u.id, COALESCE(s.flag_rank, 8), "
            "COALESCE(s.flag_raised_at, %s), COALESCE(s.last_activity, %s), "
            "COALESCE(s.adherence_percent, 101), COALESCE(s.pain_latest, -1), "
            "LOWER(COALESCE(NULLIF(TRIM(u.first_name || ' ' || u.last_name), ''), u.username)) "
            "FROM accounts_carelink l JOIN accounts_user u ON u.id = l.client_id "
            "LEFT JOIN programs_clientsummary s ON s.client_id = u.id "
            "WHERE l.ended_at IS NULL",
            [ops.adapt_datetimefield_value(NO_FLAG_TIME), ops.adapt_datefield_value(NEVER)],
        )


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0005_daily_job_moment"),
        ("programs", "0015_caseload_entries"),
    ]

    operations = [migrations.RunPython(entries_fill, migrations.RunPython.noop)]
