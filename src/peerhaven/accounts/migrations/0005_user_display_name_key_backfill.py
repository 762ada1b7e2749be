"""Fill display_name_key for accounts made before it existed. Safe to rerun.

Display names themselves are left exactly as they are: renaming people silently would
confuse those who know them. When two existing names share a key (say "Kind Lantern" and
"Kind  Lantern"), the older account gets the key and the newer one keeps none; either way
the key is taken, so nobody new can pick a third look-alike. Rows are read in batches by
primary key and only rows without a key are touched, so a rerun changes nothing.
"""

import unicodedata

from django.db import migrations

BATCH = 500


def _key(name):
    # Same as accounts.models.display_name_key; migrations don't import app code.
    normalized = " ".join(unicodedata.normalize("NFKC", name).split())
    return unicodedata.normalize("NFKC", normalized.casefold())


def backfill(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    taken = set(
        User.objects.exclude(display_name_key=None).values_list("display_name_key", flat=True)
    )
    last_pk = 0
    while True:
        batch = list(
            User.objects.filter(display_name_key=None, pk__gt=last_pk)
            .order_by("pk")
            .only("pk", "display_name")[:BATCH]
        )
        if not batch:
            return
        last_pk = batch[-1].pk
        keyed = []
        for user in batch:
            key = _key(user.display_name)
            if key in taken:
                continue
            taken.add(key)
            user.display_name_key = key
            keyed.append(user)
        User.objects.bulk_update(keyed, ["display_name_key"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_user_display_name_key")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
