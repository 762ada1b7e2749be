"""Benchmark of moderation reads at 100,000 cases on PostgreSQL: a facilitator's queue and
the published transparency figures.

    .venv/bin/python bench/moderation/run.py                    # 100,000 cases, 5-7 minutes
    .venv/bin/python bench/moderation/run.py --cases 10000      # a smoke run
    .venv/bin/python bench/moderation/run.py --waiting-share 1  # every case still waiting
    .venv/bin/python bench/moderation/run.py --keep             # keep the database, then:
    .venv/bin/python bench/moderation/run.py --reuse --try-sql "CREATE INDEX ..."

It creates a throw-away database (peerhaven_bench_moderation on 127.0.0.1, local trust
auth, dropped afterwards), migrates it in the production configuration (DEBUG off, Redis
database 11 for the cache and sessions), then writes with bulk inserts in batches:

  3,000 members, 50 groups (group sizes and activity uneven: a few busy groups, many quiet
  ones), one facilitator per group and two organization admins; the benchmark's
  facilitator runs three groups of different sizes. 100,000 cases over two years, 98% about
  posts (each with its post in one of the group's threads), 2% about profiles; 1 to 5
  reports each (about 1.5 on average); a moderator's action on every case that was
  answered, two for hide-pending-edit cases that came back (approve or remove); appeals of
  about 10% of appealable actions (upheld, overturned or pending); first responses after a
  log-normal wait (median about 4 hours). By default 12% of cases are still waiting
  (open or resubmitted) and 2% hidden until edited. Nine groups hold a few new members'
  posts for review (pre-moderation), one of them the facilitator's busiest.

Then, with warm-up first, it times each of these `--repeat` times (default 200) and reports
p50 and p95 in milliseconds:

  queue_selector        list(selectors.case_queue(user=facilitator)[:25]) and its count
  queue_admin_selector  the same for an organization admin (the whole site's queue)
  queue_http            GET /moderation/ as the facilitator (whole Django stack, Django's
                        test Client, a two-factor-verified session) when the page exists
  queue_admin_http      the same page for an organization admin
  home_http             the signed-in home page, for scale (the same stack, no moderation)
  transparency_*_counted  selectors.transparency(..., fresh=True): counted now, per group
                        (the facilitator's three in turn) and site-wide
  transparency_group    selectors.transparency(group=...) as served (kept five minutes)
  transparency_site     selectors.transparency() as served
  transparency_*_http   GET /moderation/transparency/ and .../<group>/ as a member

Not a test: nothing here asserts timings. Results go to bench/results/moderation.json.
See docs/performance.md, "Moderation".
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG_DB = "peerhaven_bench_moderation"
REDIS_URL = "redis://127.0.0.1:6379/11"
BATCH = 5000
GROUPS = 50
MEMBERS = 3000
THREADS_PER_GROUP = 20
# The benchmark facilitator's groups, by activity rank among the 50 (1 = busiest).
FACILITATOR_RANKS = (2, 9, 25)

GUIDELINES = {
    "respect": 30,
    "boundaries": 12,
    "non-judgment": 12,
    "no-unsolicited-advice": 14,
    "confidentiality": 6,
    "respectful-disagreement": 10,
    "share-experience": 6,
    "peer-not-therapy": 5,
    "i-statements": 3,
    "active-listening": 2,
}
# Final decisions on closed message cases (hide → approve/remove flows are added apart).
CLOSING_KINDS = {
    "no_action": 36,
    "note": 26,
    "remove": 20,
    "mute": 8,
    "remove_from_group": 4,
    "suspend": 1,
}
PROFILE_KINDS = {"no_action": 55, "note": 35, "suspend": 10}
APPEALABLE = {"hide_pending_edit", "remove", "mute", "remove_from_group", "suspend"}
SNIPPETS = [
    "Honestly you are overreacting, just get over it.",
    "Have you tried simply not being anxious? Works for me.",
    "I know who she is, her address is on the flyer from last week.",
    "This group is useless and so are the people running it.",
    "You should stop taking your medication, it's all a scam.",
    "Whatever, nobody here cares anyway.",
    "Message me privately, I can sort out your problems for a fee.",
    "People like you are the reason this place is depressing.",
]


# --- Parent ---------------------------------------------------------------------------------
def psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-q", "-c", sql],
        check=True,
        capture_output=True,
        timeout=120,
    )


def redis_flush() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument(
        "--waiting-share", type=float, default=0.12, help="share of cases open or resubmitted"
    )
    parser.add_argument("--pg-db", default=PG_DB)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse", action="store_true", help="measure a database kept by --keep (no rebuild)"
    )
    parser.add_argument(
        "--try-sql",
        default="",
        help="SQL run before measuring (then ANALYZE): to try an index not yet in a migration",
    )
    parser.add_argument("--out", default="moderation.json")
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    started = time.monotonic()
    env = {
        **os.environ,
        "PEERHAVEN_SECRET_KEY": "bench-" + "x" * 50,
        "PEERHAVEN_DEBUG": "false",
        "PEERHAVEN_HTTPS": "false",
        "PEERHAVEN_ALLOWED_HOSTS": "testserver",
        "PEERHAVEN_LOG_LEVEL": "WARNING",
        "PEERHAVEN_CACHE_PREFIX": "bench-moderation",
        "DJANGO_SETTINGS_MODULE": "peerhaven.config.settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{args.pg_db}",
        "REDIS_URL": REDIS_URL,
    }
    if not args.reuse:
        psql(f"DROP DATABASE IF EXISTS {args.pg_db} WITH (FORCE)")
        psql(f"CREATE DATABASE {args.pg_db}")
    redis_flush()
    with tempfile.TemporaryDirectory(prefix="bench-moderation-") as data_dir:
        env["PEERHAVEN_DATA_DIR"] = data_dir
        command = [sys.executable, __file__, "--child", "--cases", str(args.cases)]
        command += ["--repeat", str(args.repeat), "--waiting-share", str(args.waiting_share)]
        command += ["--reuse"] if args.reuse else []
        command += ["--try-sql", args.try_sql] if args.try_sql else []
        try:
            out = subprocess.run(
                command,
                env=env,
                check=True,
                stdout=subprocess.PIPE,
                text=True,
                timeout=1800,
                cwd=ROOT,
            )
        finally:
            if not (args.keep or args.reuse):
                psql(f"DROP DATABASE IF EXISTS {args.pg_db} WITH (FORCE)")
            redis_flush()
    report = json.loads(out.stdout.strip().splitlines()[-1])
    report["seconds"] = round(time.monotonic() - started, 1)
    report["cpus"] = os.cpu_count()
    print_table(report)
    target = ROOT / "bench" / "results" / args.out
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwritten to {target.relative_to(ROOT)}; total {report['seconds']} s")


def print_table(report: dict) -> None:
    data = report["data"]
    print(
        f"\n{data['cases']} cases ({data['waiting']} waiting), {data['reports']} reports, "
        f"{data['actions']} actions, {data['appeals']} appeals; facilitator's groups: "
        f"{data['facilitator_cases']} cases ({data['facilitator_waiting']} waiting); "
        f"inserted in {data['insert_seconds']} s"
    )
    print(
        f"\n{'measurement':<28}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}{'cpu p50':>9}"
        "  target p95 < 100 ms"
    )
    for name, row in report["timings"].items():
        if row is None:
            print(f"{name:<28}{'—':>8}{'—':>8}{'—':>8}{'—':>9}  not measured (no such page)")
            continue
        verdict = "met" if row["p95"] < 100 else "MISSED"
        print(
            f"{name:<28}{row['p50']:>8}{row['p95']:>8}{row['max']:>8}{row['cpu_p50']:>9}  {verdict}"
        )


# --- Child: build and measure, configured by the environment ---------------------------------
def child(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if args.reuse:
        world = reload()
    else:
        rng = random.Random(20261125)
        started = time.monotonic()
        world = build(rng, args.cases, args.waiting_share)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # what autovacuum would have done by now
        world["data"]["insert_seconds"] = round(time.monotonic() - started, 1)
    if args.try_sql:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(args.try_sql)
            cursor.execute("ANALYZE")
        world["data"]["try_sql"] = args.try_sql
    print(f"  built: {world['data']}", file=sys.stderr, flush=True)
    timings = measure(world, args.repeat)
    print(json.dumps({"data": world["data"], "timings": timings}))


def weighted(rng: random.Random, table: dict[str, int]) -> str:
    return rng.choices(list(table), list(table.values()))[0]


def bulk(model, rows: list, batch: int = BATCH) -> list:
    from django.db import transaction

    done = []
    for start in range(0, len(rows), batch):
        with transaction.atomic():
            done += model.objects.bulk_create(rows[start : start + batch])
    return done


def build(rng: random.Random, total: int, waiting_share: float) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from peerhaven.accounts.models import Role, SupportPreference, User
    from peerhaven.conversations.models import Conversation, Message, Moderation
    from peerhaven.groups.models import Group, Membership
    from peerhaven.guidelines.models import RuleSet
    from peerhaven.moderation.models import Action, Appeal, Case, Report

    now = timezone.now()
    no_password = make_password(None)  # nobody signs in with a password here
    two_years = 730 * 24 * 3600

    # People: members, one facilitator per group (the first runs three groups), two admins.
    people = [
        User(email=f"member{n}@example.org", display_name=f"Member {n}", password=no_password)
        for n in range(MEMBERS)
    ]
    facilitators = [
        User(
            email=f"facilitator{n}@example.org",
            display_name=f"Facilitator {n}",
            role=Role.FACILITATOR,
            password=no_password,
        )
        for n in range(GROUPS - len(FACILITATOR_RANKS) + 1)
    ]
    admins = [
        User(
            email=f"admin{n}@example.org",
            display_name=f"Admin {n}",
            role=Role.ADMIN,
            is_staff=True,
            password=no_password,
        )
        for n in range(2)
    ]
    members = bulk(User, people)
    facilitators = bulk(User, facilitators)
    admins = bulk(User, admins)
    bench_facilitator = facilitators[0]

    rule_sets = bulk(
        RuleSet, [RuleSet(scope=RuleSet.Scope.GROUP, name="Group rules") for _ in range(GROUPS)]
    )
    groups = bulk(
        Group,
        [
            Group(name=f"Peer group {n}", slug=f"peer-group-{n}", rules=rule_sets[n])
            for n in range(GROUPS)
        ],
    )
    # Activity falls off with rank (Zipf, s = 0.9): a few busy groups, a long quiet tail.
    weights = [1 / (rank**0.9) for rank in range(1, GROUPS + 1)]
    own = {rank - 1 for rank in FACILITATOR_RANKS}
    others = iter(facilitators[1:])
    group_facilitator = {
        g.pk: (bench_facilitator if i in own else next(others)) for i, g in enumerate(groups)
    }
    memberships = [
        Membership(group_id=gid, user=user, role=Membership.Role.FACILITATOR)
        for gid, user in group_facilitator.items()
    ]
    member_of: dict[int, list] = {g.pk: [] for g in groups}
    for person in members:
        for group in rng.sample(groups, rng.choice([1, 1, 2, 3])):
            member_of[group.pk].append(person)
            memberships.append(Membership(group=group, user=person))
    bulk(Membership, memberships)
    reader = member_of[groups[FACILITATOR_RANKS[0] - 1].pk][0]

    threads = bulk(
        Conversation,
        [
            Conversation(group=g, kind=Conversation.Kind.THREAD, title=f"Thread {t}")
            for g in groups
            for t in range(THREADS_PER_GROUP)
        ],
    )
    threads_of: dict[int, list] = {}
    for conversation in threads:
        threads_of.setdefault(conversation.group_id, []).append(conversation)
    seq: dict[int, int] = {}

    # Repeat subjects: some authors are reported again and again (Zipf over members).
    subject_weights = list(itertools.accumulate(1 / ((n + 1) ** 0.7) for n in range(MEMBERS)))
    waiting_open = waiting_share * 0.9
    statuses = {
        Case.Status.OPEN: waiting_open,
        Case.Status.RESUBMITTED: waiting_share - waiting_open,
        Case.Status.AWAITING_EDIT: 0.02,
        Case.Status.CLOSED: max(0.0, 1 - waiting_share - 0.02),
    }
    open_profiles: set[int] = set()

    counts = {"cases": 0, "reports": 0, "actions": 0, "appeals": 0, "waiting": 0}
    counts.update(facilitator_cases=0, facilitator_waiting=0)
    own_ids = {groups[i].pk for i in own}
    for start in range(0, total, BATCH):
        n = min(BATCH, total - start)
        messages, cases, plans = [], [], []
        for _ in range(n):
            profile = rng.random() < 0.02
            status = rng.choices(list(statuses), list(statuses.values()))[0]
            subject = rng.choices(members, cum_weights=subject_weights)[0]
            if profile and status != Case.Status.CLOSED:
                if subject.pk in open_profiles:
                    status = Case.Status.CLOSED
                open_profiles.add(subject.pk)
            if profile and status in (Case.Status.AWAITING_EDIT, Case.Status.RESUBMITTED):
                status = Case.Status.OPEN
            group = None if profile else rng.choices(groups, weights)[0]
            created = now - timedelta(seconds=rng.random() * two_years)
            key = weighted(rng, GUIDELINES)
            severity = (
                3
                if rng.random() < 0.04
                else (2 if key in ("respect", "boundaries", "confidentiality") else 1)
            )
            body = rng.choice(SNIPPETS)
            message = None
            if group is not None:
                conversation = rng.choice(threads_of[group.pk])
                seq[conversation.pk] = seq.get(conversation.pk, 0) + 1
                moderation = {
                    Case.Status.AWAITING_EDIT: Moderation.HIDDEN,
                    Case.Status.RESUBMITTED: Moderation.HIDDEN,
                }.get(status, Moderation.VISIBLE)
                message = Message(
                    conversation=conversation,
                    seq=seq[conversation.pk],
                    author=subject,
                    client_id=f"b{start}-{len(messages)}",
                    body=body,
                    body_html=f"<p>{body}</p>",
                    support_preference=SupportPreference.values[0],
                    created_at=created - timedelta(minutes=rng.randint(1, 600)),
                    moderation=moderation,
                )
                messages.append(message)
            cases.append(
                Case(
                    target=Case.Target.PROFILE if profile else Case.Target.MESSAGE,
                    message=message,
                    subject=subject,
                    group=group,
                    status=status,
                    severity=severity,
                    snapshot=subject.display_name if profile else body,
                    created_at=created,
                )
            )
            plans.append((key, group))
        bulk(Message, messages)
        for case in cases:
            case.message_id = case.message.pk if case.message else None
        reports, actions, appeal_for = [], [], []
        for case, (key, group) in zip(cases, plans, strict=True):
            pool = member_of[group.pk] if group is not None else members
            k = rng.choices([1, 2, 3, 4, 5], [70, 18, 7, 3, 2])[0]
            reporters = [
                p for p in rng.sample(pool, min(len(pool), k + 1)) if p.pk != case.subject_id
            ][:k]
            first_report = case.created_at
            for i, reporter in enumerate(reporters):
                at = first_report + timedelta(minutes=i * rng.randint(1, 240))
                reports.append(
                    (
                        case,
                        reporter,
                        at,
                        key if i == 0 or rng.random() < 0.7 else weighted(rng, GUIDELINES),
                    )
                )
            if case.status == Case.Status.OPEN:
                continue
            moderator = (
                rng.choice(admins)
                if group is None or rng.random() < 0.05
                else group_facilitator[group.pk]
            )
            wait = min(rng.lognormvariate(math.log(4 * 3600), 1.3), 30 * 24 * 3600)
            first = min(case.created_at + timedelta(seconds=wait), now)
            case.first_response_at = first
            steps = []
            if case.status in (Case.Status.AWAITING_EDIT, Case.Status.RESUBMITTED):
                steps = ["hide_pending_edit"]
            elif group is None:
                steps = [weighted(rng, PROFILE_KINDS)]
            elif rng.random() < 0.08:  # hidden, edited, then approved or removed
                steps = ["hide_pending_edit", "approve" if rng.random() < 0.8 else "remove"]
            else:
                steps = [weighted(rng, CLOSING_KINDS)]
            at = first
            for step in steps:
                actions.append(
                    Action(
                        case=case,
                        moderator=moderator,
                        kind=step,
                        guideline_key=key,
                        reason="Cited the guideline and explained why.",
                        until=at + timedelta(days=7) if step == "mute" else None,
                        created_at=at,
                    )
                )
                at = at + timedelta(hours=rng.uniform(2, 72))
            if case.status == Case.Status.CLOSED:
                case.closed_at = actions[-1].created_at
            last = actions[-1]
            if last.kind in APPEALABLE and rng.random() < 0.10:
                appeal_for.append(last)
        bulk(Case, cases)
        bulk(
            Report,
            [
                Report(case=c, reporter=r, guideline_key=g, note="", created_at=at)
                for c, r, at, g in reports
            ],
        )
        for action in actions:
            action.case_id = action.case.pk
        bulk(Action, actions)
        appeals = []
        for action in appeal_for:
            status = rng.choices(
                [Appeal.Status.UPHELD, Appeal.Status.OVERTURNED, Appeal.Status.PENDING],
                [65, 25, 10],
            )[0]
            decided = action.created_at + timedelta(hours=rng.uniform(4, 96))
            appeals.append(
                Appeal(
                    action=action,
                    appellant_id=action.case.subject_id,
                    text="I think this was unfair.",
                    status=status,
                    decided_by=None if status == Appeal.Status.PENDING else rng.choice(admins),
                    decision_note="" if status == Appeal.Status.PENDING else "Reviewed.",
                    created_at=action.created_at + timedelta(hours=1),
                    decided_at=None if status == Appeal.Status.PENDING else decided,
                )
            )
        bulk(Appeal, appeals)
        waiting = [c for c in cases if c.status in (Case.Status.OPEN, Case.Status.RESUBMITTED)]
        counts["cases"] += len(cases)
        counts["reports"] += len(reports)
        counts["actions"] += len(actions)
        counts["appeals"] += len(appeals)
        counts["waiting"] += len(waiting)
        counts["facilitator_cases"] += sum(1 for c in cases if c.group_id in own_ids)
        counts["facilitator_waiting"] += sum(1 for c in waiting if c.group_id in own_ids)
        print(f"  {counts['cases']} cases", file=sys.stderr, flush=True)
    # Posts held for review (pre-moderation): a few groups hold new members' first posts.
    held = []
    for group in rng.sample(groups, 8) + [groups[FACILITATOR_RANKS[0] - 1]]:
        for n in range(rng.randint(1, 12)):
            conversation = rng.choice(threads_of[group.pk])
            seq[conversation.pk] = seq.get(conversation.pk, 0) + 1
            held.append(
                Message(
                    conversation=conversation,
                    seq=seq[conversation.pk],
                    author=rng.choice(member_of[group.pk]),
                    client_id=f"held-{group.pk}-{n}",
                    body="Hello everyone, I am new here.",
                    body_html="<p>Hello everyone, I am new here.</p>",
                    support_preference=SupportPreference.values[0],
                    created_at=now - timedelta(minutes=rng.randint(5, 3000)),
                    moderation=Moderation.PENDING,
                )
            )
    bulk(Message, held)
    counts["held_posts"] = len(held)
    for conversation in threads:
        conversation.last_seq = seq.get(conversation.pk, 0)
    Conversation.objects.bulk_update(threads, ["last_seq"], batch_size=BATCH)

    for user in (bench_facilitator, *admins):
        TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    return {
        "facilitator": bench_facilitator,
        "admin": admins[0],
        "reader": reader,
        "own_groups": [groups[i] for i in sorted(own)],
        "groups": groups,
        "data": {
            **counts,
            "groups": GROUPS,
            "members": MEMBERS,
            "facilitator_groups": len(own),
        },
    }


def reload() -> dict:
    """The people and groups of a database built earlier (--keep), for --reuse."""
    from peerhaven.accounts.models import User
    from peerhaven.conversations.models import Message, Moderation
    from peerhaven.groups.models import Group, Membership
    from peerhaven.moderation.models import Action, Appeal, Case, Report

    facilitator = User.objects.get(email="facilitator0@example.org")
    own = list(
        Group.objects.filter(
            memberships__user=facilitator, memberships__role=Membership.Role.FACILITATOR
        ).order_by("pk")
    )
    waiting = Case.objects.filter(status__in=(Case.Status.OPEN, Case.Status.RESUBMITTED))
    reader = (
        Membership.objects.filter(group=own[0], role=Membership.Role.MEMBER).first().user  # type: ignore[union-attr]
    )
    return {
        "facilitator": facilitator,
        "admin": User.objects.get(email="admin0@example.org"),
        "reader": reader,
        "own_groups": own,
        "data": {
            "cases": Case.objects.count(),
            "reports": Report.objects.count(),
            "actions": Action.objects.count(),
            "appeals": Appeal.objects.count(),
            "waiting": waiting.count(),
            "facilitator_cases": Case.objects.filter(group__in=own).count(),
            "facilitator_waiting": waiting.filter(group__in=own).count(),
            "groups": Group.objects.count(),
            "members": User.objects.count(),
            "facilitator_groups": len(own),
            "held_posts": Message.objects.filter(moderation=Moderation.PENDING).count(),
            "insert_seconds": None,
        },
    }


def signed_in_client(user):
    """A test Client whose session passed the two-factor step, as conftest's web_as."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def timed(fn, repeat: int, warmup: int = 10) -> dict:
    """Wall time percentiles, plus this process's CPU time per call (cpu_p50): the Python
    side's own cost, much less disturbed by other load on the machine than wall time."""
    for _ in range(warmup):
        fn()
    samples, cpu = [], []
    for _ in range(repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return {**percentiles(samples), "cpu_p50": round(statistics.median(cpu), 1)}


def percentiles(values: list[float]) -> dict:
    ordered = sorted(values)
    q = statistics.quantiles(ordered, n=100)
    return {"p50": round(q[49], 1), "p95": round(q[94], 1), "max": round(ordered[-1], 1)}


def measure(world: dict, repeat: int) -> dict:
    from django.urls import Resolver404, resolve

    from peerhaven.moderation import selectors

    facilitator, admin, reader = world["facilitator"], world["admin"], world["reader"]
    own = world["own_groups"]
    timings: dict[str, dict | None] = {}

    def queue(user):
        def run():
            cases = selectors.case_queue(user=user)
            page = list(cases[:25])
            assert page, "an empty queue measures nothing"
            cases.count()

        return run

    timings["queue_selector"] = timed(queue(facilitator), repeat)
    timings["queue_admin_selector"] = timed(queue(admin), repeat)

    try:
        resolve("/moderation/")
        has_page = True
    except Resolver404:
        has_page = False
    # A plain signed-in page through the same stack, for scale: the home page.
    home_client = signed_in_client(facilitator)

    def home():
        assert home_client.get("/").status_code == 200

    timings["home_http"] = timed(home, repeat)
    if has_page:
        client = signed_in_client(facilitator)

        def page():
            response = client.get("/moderation/")
            assert response.status_code == 200, response.status_code

        timings["queue_http"] = timed(page, repeat)
        admin_client = signed_in_client(admin)

        def admin_page():
            response = admin_client.get("/moderation/")
            assert response.status_code == 200, response.status_code

        timings["queue_admin_http"] = timed(admin_page, repeat)
    else:
        timings["queue_http"] = timings["queue_admin_http"] = None

    turn = iter(range(10**9))

    def group_figures():
        selectors.transparency(group=own[next(turn) % len(own)])

    def group_counted():
        selectors.transparency(group=own[next(turn) % len(own)], fresh=True)

    # Counted now (what every view cost before the figures were kept, and what one view
    # in five minutes costs now), then as served (kept for TRANSPARENCY_CACHE_SECONDS).
    timings["transparency_group_counted"] = timed(group_counted, repeat)
    timings["transparency_site_counted"] = timed(lambda: selectors.transparency(fresh=True), repeat)
    timings["transparency_group"] = timed(group_figures, repeat)
    timings["transparency_site"] = timed(lambda: selectors.transparency(), repeat)

    member = signed_in_client(reader)
    busiest = own[0]

    def site_page():
        assert member.get("/moderation/transparency/").status_code == 200

    def group_page():
        assert member.get(f"/moderation/transparency/{busiest.slug}/").status_code == 200

    timings["transparency_site_http"] = timed(site_page, repeat)
    timings["transparency_group_http"] = timed(group_page, repeat)
    return timings


if __name__ == "__main__":
    main()
