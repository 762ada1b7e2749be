from __future__ import annotations

from peerhaven.safety.models import SafetyPlan

# Words that appear nowhere else on the site, so finding them anywhere means a leak.
ALICE_WARNING = "Alice-warning: I stop answering my sister's calls"
ALICE_REASON = "Alice-reason: my dog Biscuit"


def give_alice_a_plan(alice) -> SafetyPlan:
    return SafetyPlan.objects.create(
        user=alice,
        warning_signs=ALICE_WARNING,
        coping_steps="Alice-coping: walk by the river",
        reasons_to_live=ALICE_REASON,
    )
