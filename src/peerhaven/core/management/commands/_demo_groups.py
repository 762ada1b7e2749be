"""The demo community's groups, created through the same services people use."""

from __future__ import annotations

from dataclasses import dataclass

from peerhaven.accounts.models import Topic, User
from peerhaven.conversations import services as conversations
from peerhaven.groups import services as groups
from peerhaven.groups.models import Agreement, Group
from peerhaven.guidelines.selectors import current_version, instance_rule_set


@dataclass(frozen=True)
class DemoGroup:
    name: str
    description: str
    what_to_expect: str
    topics: list[str]
    format: str
    join_policy: str
    place_name: str = ""
    join_questions: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    # A first thread (title, opening post by the facilitator, a member's reply).
    thread: tuple[str, str, str] = (
        "Introduce yourself, if you like",
        "Welcome. Say as much or as little as you want about what brings you here. "
        "Reading along is welcome too.",
        "Hello. I mostly want to listen for now, and that feels like enough.",
    )
    # A thread the first member started (title, their post, the facilitator's reply), so
    # their home page shows "New replies to your threads".
    member_thread: tuple[str, str, str] | None = None


GROUPS = [
    DemoGroup(
        name="Evening Grief Circle",
        description="A weekly online circle for anyone living with the loss of someone close.",
        what_to_expect="Ninety minutes on video, cameras optional. Listening only is always fine.",
        topics=["grief", "suicide-loss"],
        format=Group.Format.ONLINE,
        join_policy=Group.JoinPolicy.OPEN,
        members=("morning.walker@example.org",),
    ),
    DemoGroup(
        name="Leeds Anxiety Walk and Talk",
        description="We walk a gentle loop of a park together and talk, or don't, as we go.",
        what_to_expect="About an hour outdoors at an easy pace. Nobody is asked to speak.",
        topics=["anxiety", "loneliness"],
        format=Group.Format.IN_PERSON,
        join_policy=Group.JoinPolicy.OPEN,
        place_name="Leeds, GB",
        members=("quiet.harbor@example.org",),
    ),
    DemoGroup(
        name="Carers' Corner",
        description="For people looking after a partner, parent or child with a long illness.",
        what_to_expect="Online and in a library room in Sydney; join either way.",
        topics=["caregiving", "chronic-illness"],
        format=Group.Format.HYBRID,
        join_policy=Group.JoinPolicy.REQUEST,
        place_name="Sydney, AU",
        join_questions=("What would you like from the group?",),
        members=("steady.oak@example.org",),
        member_thread=(
            "Making time that is just mine",
            "Looking after my dad fills most days. Does anyone else find it hard to keep an "
            "hour for themselves?",
            "Thank you for bringing this. Many of us have felt that pull. If it would help, "
            "I can share what keeping one evening a week has been like for me.",
        ),
    ),
]


def ensure_demo_groups(facilitator: User) -> int:
    """Create the demo groups that are missing; returns how many were created."""
    created = 0
    instance_version = current_version(instance_rule_set())
    for spec in GROUPS:
        if Group.objects.filter(name=spec.name).exists():
            continue
        group = groups.group_create(
            actor=facilitator,
            name=spec.name,
            description=spec.description,
            topics=list(Topic.objects.filter(slug__in=spec.topics)),
            format=spec.format,
            languages=["en"],
            join_policy=spec.join_policy,
            join_questions=spec.join_questions,
            what_to_expect=spec.what_to_expect,
            place_name=spec.place_name,
        )
        created += 1
        number = instance_version.number if instance_version else None
        groups.agreement_accept(
            user=facilitator,
            group=group,
            instance_version=number,
            group_version=None,
            via=Agreement.Via.DEMO,
        )
        for email in spec.members:
            member = User.objects.get(email=email)
            # Demo members join directly, whatever the group's policy, so there is
            # something to see; real members go through the group's own way in.
            groups._add_member(user=member, group=group)
            groups.agreement_accept(
                user=member,
                group=group,
                instance_version=number,
                group_version=None,
                via=Agreement.Via.DEMO,
            )
        _add_conversations(group, spec, facilitator)
    return created


def _add_conversations(group: Group, spec: DemoGroup, facilitator: User) -> None:
    """A thread with a reply and a chat room, written through the message pipeline."""
    title, opening, reply = spec.thread
    started = conversations.thread_start(author=facilitator, group=group, title=title, text=opening)
    if spec.members:
        member = User.objects.get(email=spec.members[0])
        conversations.message_post(
            author=member, conversation=started.message.conversation, text=reply
        )
    if spec.members and spec.member_thread:
        member = User.objects.get(email=spec.members[0])
        title, opening, reply = spec.member_thread
        theirs = conversations.thread_start(author=member, group=group, title=title, text=opening)
        conversations.message_post(
            author=facilitator, conversation=theirs.message.conversation, text=reply
        )
    room = conversations.room_open(actor=facilitator, group=group, title="Drop-in chat")
    conversations.message_post(
        author=facilitator,
        conversation=room,
        text="The chat is open. Messages here are for members only.",
    )
