"""Every write to groups: creating and editing, joining (open, by request, by invite),
agreeing to the guidelines, leaving and managing members.

Each service that acts for a person calls the matching policy check first, so web, API and
WebSocket share one rule. Every refusal happens before anything is written.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from peerhaven.accounts.models import Topic, User
from peerhaven.core.exceptions import Conflict, DomainError, NotFound
from peerhaven.groups import places, policies
from peerhaven.groups.exceptions import (
    AlreadyMember,
    GroupFull,
    InvalidAnswers,
    InviteNotUsable,
    JoinPolicyMismatch,
    LastFacilitator,
    RequestNotPending,
    VersionNotCurrent,
)
from peerhaven.groups.models import Agreement, Group, Invite, JoinRequest, Membership
from peerhaven.guidelines.models import RuleSet, RuleSetVersion
from peerhaven.guidelines.selectors import current_version, instance_rule_set

QUESTIONS_MAX = 5
QUESTION_MAX_LENGTH = 300
ANSWER_MAX_LENGTH = 1000
INVITE_DAYS_DEFAULT = 7
INVITE_DAYS_MAX = 30
INVITE_USES_MAX = 100
# These paths sit beside /groups/<slug>/, so a group may not take them as its slug.
RESERVED_SLUGS = frozenset({"new", "mine", "invite", "search", "suggestions"})


# --- Agreement terms ------------------------------------------------------------------


def _current_terms(group: Group) -> tuple[RuleSetVersion | None, RuleSetVersion | None]:
    return current_version(instance_rule_set()), current_version(group.rules)


def _check_terms(
    group: Group, *, instance_version: int | None, group_version: int | None
) -> tuple[RuleSetVersion, RuleSetVersion | None]:
    """The versions the person agreed to must be the ones published now.

    The form shows version numbers and posts them back; if an admin published a newer
    version in between, the person has not seen it, so their agreement would not count.
    """
    current_instance, current_group = _current_terms(group)
    if current_instance is None:
        raise Conflict(
            _("The community guidelines are not published yet, so nobody can join."),
            code="no_guidelines",
        )
    current_group_number = current_group.number if current_group else None
    if instance_version == current_instance.number and group_version == current_group_number:
        return current_instance, current_group
    superseded = (instance_version is not None and instance_version < current_instance.number) or (
        group_version is not None
        and current_group_number is not None
        and group_version < current_group_number
    )
    if current_group is None:
        message = _(
            "The guidelines you agreed to are not the current ones. Please read the community "
            "guidelines version %(instance)s and agree to them."
        ) % {"instance": current_instance.number}
    else:
        message = _(
            "The guidelines you agreed to are not the current ones. Please read the community "
            "guidelines version %(instance)s and this group's rules version %(group)s, and "
            "agree to them."
        ) % {"instance": current_instance.number, "group": current_group_number}
    raise VersionNotCurrent(
        message,
        code="superseded_version" if superseded else "unknown_version",
        extra={"instance_version": current_instance.number, "group_version": current_group_number},
    )


def _record_agreement(
    *,
    user: User,
    group: Group,
    instance_version: RuleSetVersion,
    group_version: RuleSetVersion | None,
    via: str,
) -> Agreement:
    if via not in Agreement.Via.values:
        raise DomainError(_("Unknown interface."), code="invalid")
    return Agreement.objects.create(
        user=user,
        group=group,
        instance_version=instance_version,
        group_version=group_version,
        via=via,
    )


@transaction.atomic
def agreement_accept(
    *,
    user: User,
    group: Group,
    instance_version: int | None,
    group_version: int | None,
    via: str = Agreement.Via.WEB,
) -> Agreement:
    """Agree (again) to the guidelines in force, as a member of `group`."""
    policies.check_view_content(user, group)
    instance, group_rules = _check_terms(
        group, instance_version=instance_version, group_version=group_version
    )
    return _record_agreement(
        user=user, group=group, instance_version=instance, group_version=group_rules, via=via
    )


# --- Joining --------------------------------------------------------------------------


def _lock_group(group: Group) -> Group:
    # Serializes joins to one group, so two people cannot both take its last place.
    return Group.objects.select_for_update().select_related("rules").get(pk=group.pk)


def _check_not_member(user: User, group: Group) -> None:
    if Membership.objects.filter(group=group, user=user).exists():
        raise AlreadyMember(_("You are already a member of this group."))


def _check_capacity(group: Group) -> None:
    if group.capacity is not None and group.memberships.count() >= group.capacity:
        raise GroupFull(
            _("This group is full (%(capacity)s members). Please look for another group.")
            % {"capacity": group.capacity},
            extra={"capacity": group.capacity},
        )


def _add_member(*, user: User, group: Group, role: str = Membership.Role.MEMBER) -> Membership:
    try:
        with transaction.atomic():
            return Membership.objects.create(group=group, user=user, role=role)
    except IntegrityError as exc:  # joined in another request at the same moment
        raise AlreadyMember(_("You are already a member of this group.")) from exc


def _policy_mismatch(group: Group) -> JoinPolicyMismatch:
    if group.join_policy == Group.JoinPolicy.INVITE:
        return JoinPolicyMismatch(
            _("This group is by invitation only. A facilitator can send you an invite link."),
            code="invite_only",
        )
    if group.join_policy == Group.JoinPolicy.REQUEST:
        return JoinPolicyMismatch(
            _("This group takes requests to join; a facilitator approves them."),
            code="request_needed",
        )
    return JoinPolicyMismatch(_("Anyone can join this group directly."), code="open_group")


def _check_listed(group: Group) -> None:
    # Only members and site admins can see an unlisted group; nobody joins one at will,
    # or an admin could read a confidential group just by joining it.
    if group.listing == Group.Listing.UNLISTED:
        raise JoinPolicyMismatch(
            _("People join this group through an invite link from a facilitator."),
            code="invite_only",
        )


def _lock_for_joining(user: User, group: Group, *, policy: str) -> Group:
    """Lock the group and check that `user` may join it this way (by `policy`)."""
    policies.check_view_group(user, group)
    group = _lock_group(group)
    _check_not_member(user, group)
    _check_listed(group)
    if group.join_policy != policy:
        raise _policy_mismatch(group)
    return group


@transaction.atomic
def group_join(
    *,
    user: User,
    group: Group,
    instance_version: int | None,
    group_version: int | None,
    via: str = Agreement.Via.WEB,
) -> Membership:
    """Join an open group, agreeing to the guidelines and group rules shown to the person."""
    group = _lock_for_joining(user, group, policy=Group.JoinPolicy.OPEN)
    instance, group_rules = _check_terms(
        group, instance_version=instance_version, group_version=group_version
    )
    _check_capacity(group)
    membership = _add_member(user=user, group=group)
    _record_agreement(
        user=user, group=group, instance_version=instance, group_version=group_rules, via=via
    )
    return membership


def clean_answers(group: Group, answers: Iterable[Any] | None) -> list[dict[str, str]]:
    """Pair each answer with its question. Answers are optional; over-long ones are refused."""
    questions = list(group.join_questions or [])
    given = list(answers or [])
    if len(given) > len(questions):
        raise InvalidAnswers(
            _("There are more answers than questions."),
            extra={"fields": {"answers": [_("There are more answers than questions.")]}},
        )
    errors: dict[str, list[str]] = {}
    cleaned: list[dict[str, str]] = []
    for index, question in enumerate(questions):
        answer = given[index] if index < len(given) else ""
        if answer is None:
            answer = ""
        if not isinstance(answer, str):
            errors[f"answer_{index}"] = [_("Answers must be text.")]
            continue
        answer = answer.strip()
        if len(answer) > ANSWER_MAX_LENGTH:
            errors[f"answer_{index}"] = [
                _("Please keep each answer under %(max)s characters (this one has %(count)s).")
                % {"max": ANSWER_MAX_LENGTH, "count": len(answer)}
            ]
            continue
        cleaned.append({"question": str(question), "answer": answer})
    if errors:
        raise InvalidAnswers(
            _("Some answers need changing; nothing was sent."), extra={"fields": errors}
        )
    return cleaned


@transaction.atomic
def join_request_create(
    *,
    user: User,
    group: Group,
    answers: Iterable[Any] | None,
    instance_version: int | None,
    group_version: int | None,
    via: str = Agreement.Via.WEB,
) -> JoinRequest:
    """Ask to join a group that takes requests. The agreement is recorded with the request."""
    group = _lock_for_joining(user, group, policy=Group.JoinPolicy.REQUEST)
    if JoinRequest.objects.filter(
        group=group, user=user, status=JoinRequest.Status.PENDING
    ).exists():
        raise Conflict(
            _("You have already asked to join; a facilitator will look at it soon."),
            code="request_pending",
        )
    cleaned = clean_answers(group, answers)
    instance, group_rules = _check_terms(
        group, instance_version=instance_version, group_version=group_version
    )
    join_request = JoinRequest.objects.create(group=group, user=user, answers=cleaned)
    _record_agreement(
        user=user, group=group, instance_version=instance, group_version=group_rules, via=via
    )
    return join_request


def group_join_or_request(
    *,
    user: User,
    group: Group,
    answers: Iterable[Any] | None,
    instance_version: int | None,
    group_version: int | None,
    via: str,
) -> Membership | JoinRequest:
    """Join an open group, or ask to join one that takes requests."""
    if group.join_policy == Group.JoinPolicy.REQUEST:
        return join_request_create(
            user=user,
            group=group,
            answers=answers,
            instance_version=instance_version,
            group_version=group_version,
            via=via,
        )
    return group_join(
        user=user,
        group=group,
        instance_version=instance_version,
        group_version=group_version,
        via=via,
    )


def _lock_pending_request(join_request: JoinRequest) -> JoinRequest:
    locked = JoinRequest.objects.select_for_update().select_related("group", "user")
    join_request = locked.get(pk=join_request.pk)
    if join_request.status != JoinRequest.Status.PENDING:
        raise RequestNotPending(
            _("This request was already %(status)s.")
            % {"status": join_request.get_status_display().lower()}
        )
    return join_request


def _record_decision(join_request: JoinRequest, *, actor: User, status: str) -> None:
    join_request.status = status
    join_request.decided_by = actor
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_by", "decided_at"])
    _tell_the_asker(join_request)


def _tell_the_asker(join_request: JoinRequest) -> None:
    """Whoever asked to join hears the answer in their notices, either way."""
    # Imported here: the moderation services build on this module.
    from peerhaven.moderation.models import Notice
    from peerhaven.moderation.services import notice_send

    group = join_request.group
    if join_request.status == JoinRequest.Status.APPROVED:
        title = _("You have joined %(group)s") % {"group": group.name}
        body = _("A facilitator accepted your request to join %(group)s. Welcome.") % {
            "group": group.name
        }
        link = reverse("group-detail", args=[group.slug])
    else:
        title = _("About your request to join %(group)s") % {"group": group.name}
        body = _(
            "A facilitator of %(group)s could not accept your request this time. Other groups "
            "may suit you: the group finder lists them."
        ) % {"group": group.name}
        link = reverse("group-finder")
    notice_send(
        user=join_request.user, kind=Notice.Kind.GROUP, title=title[:200], body=body, link=link
    )


@transaction.atomic
def join_request_approve(*, actor: User, join_request: JoinRequest) -> Membership:
    policies.check_manage_group(actor, join_request.group)
    join_request = _lock_pending_request(join_request)
    group = _lock_group(join_request.group)
    existing = Membership.objects.filter(group=group, user=join_request.user).first()
    if existing is None:
        _check_capacity(group)
        existing = _add_member(user=join_request.user, group=group)
    _record_decision(join_request, actor=actor, status=JoinRequest.Status.APPROVED)
    return existing


@transaction.atomic
def join_request_decline(*, actor: User, join_request: JoinRequest) -> JoinRequest:
    policies.check_manage_group(actor, join_request.group)
    join_request = _lock_pending_request(join_request)
    _record_decision(join_request, actor=actor, status=JoinRequest.Status.DECLINED)
    return join_request


@transaction.atomic
def join_request_withdraw(*, user: User, join_request: JoinRequest) -> JoinRequest:
    if join_request.user_id != user.pk:
        raise NotFound(_("There is no such request."), code="not_found")
    join_request = _lock_pending_request(join_request)
    join_request.status = JoinRequest.Status.WITHDRAWN
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_at"])
    return join_request


# --- Invites --------------------------------------------------------------------------


@transaction.atomic
def invite_create(
    *, actor: User, group: Group, days: int = INVITE_DAYS_DEFAULT, max_uses: int = 1
) -> Invite:
    policies.check_manage_group(actor, group)
    errors: dict[str, list[str]] = {}
    if not 1 <= days <= INVITE_DAYS_MAX:
        errors["days"] = [_("Choose between 1 and %(max)s days.") % {"max": INVITE_DAYS_MAX}]
    if not 1 <= max_uses <= INVITE_USES_MAX:
        errors["max_uses"] = [_("Choose between 1 and %(max)s people.") % {"max": INVITE_USES_MAX}]
    if errors:
        raise DomainError(
            _("The invite link was not made; please check the values."),
            code="invalid",
            extra={"fields": errors},
        )
    return Invite.objects.create(
        group=group,
        token=secrets.token_urlsafe(32),
        created_by=actor,
        expires_at=timezone.now() + timedelta(days=days),
        max_uses=max_uses,
    )


@transaction.atomic
def invite_revoke(*, actor: User, invite: Invite) -> Invite:
    policies.check_manage_group(actor, invite.group)
    if invite.revoked_at is None:
        invite.revoked_at = timezone.now()
        invite.save(update_fields=["revoked_at"])
    return invite


def invite_problem(invite: Invite) -> InviteNotUsable | None:
    """Why this invite link cannot be used now, or None when it can."""
    if invite.revoked_at is not None:
        return InviteNotUsable(
            _("This invite link was withdrawn by a facilitator. Please ask for a new one."),
            code="invite_revoked",
        )
    if invite.expires_at <= timezone.now():
        return InviteNotUsable(
            _("This invite link has expired. Please ask a facilitator for a new one."),
            code="invite_expired",
        )
    if invite.uses >= invite.max_uses:
        return InviteNotUsable(
            _("This invite link has already been used. Please ask a facilitator for a new one."),
            code="invite_used_up",
        )
    return None


@transaction.atomic
def invite_accept(
    *,
    user: User,
    token: str,
    instance_version: int | None,
    group_version: int | None,
    via: str = Agreement.Via.WEB,
) -> Membership:
    """Join the invite's group (whatever its join policy), agreeing to the guidelines."""
    invite = Invite.objects.select_for_update().filter(token=token).first()
    if invite is None:
        raise NotFound(
            _("This invite link is not valid. Please ask a facilitator for a new one."),
            code="invite_not_found",
        )
    problem = invite_problem(invite)
    if problem is not None:
        raise problem
    group = _lock_group(invite.group)
    _check_not_member(user, group)
    instance, group_rules = _check_terms(
        group, instance_version=instance_version, group_version=group_version
    )
    _check_capacity(group)
    membership = _add_member(user=user, group=group)
    invite.uses += 1
    invite.save(update_fields=["uses"])
    JoinRequest.objects.filter(group=group, user=user, status=JoinRequest.Status.PENDING).update(
        status=JoinRequest.Status.APPROVED, decided_at=timezone.now()
    )
    _record_agreement(
        user=user, group=group, instance_version=instance, group_version=group_rules, via=via
    )
    return membership


# --- Leaving and managing members -----------------------------------------------------


def _check_keeps_a_facilitator(group: Group, leaving: Membership) -> None:
    if leaving.role != Membership.Role.FACILITATOR:
        return
    others = group.memberships.exclude(pk=leaving.pk)
    if others.exists() and not others.filter(role=Membership.Role.FACILITATOR).exists():
        raise LastFacilitator(
            _(
                "The group needs at least one facilitator. Please make another member a "
                "facilitator first."
            )
        )


def _membership_of_target(group: Group, user: User) -> Membership:
    membership = Membership.objects.select_for_update().filter(group=group, user=user).first()
    if membership is None:
        raise NotFound(_("That person is not a member of this group."), code="not_member")
    return membership


@transaction.atomic
def group_leave(*, user: User, group: Group) -> None:
    policies.check_view_content(user, group)
    group = _lock_group(group)
    membership = _membership_of_target(group, user)
    _check_keeps_a_facilitator(group, membership)
    membership.delete()


@transaction.atomic
def member_remove(*, actor: User, group: Group, user: User) -> None:
    policies.check_manage_group(actor, group)
    if actor.pk == user.pk:
        raise Conflict(_("To leave the group yourself, use Leave group."), code="remove_self")
    group = _lock_group(group)
    membership = _membership_of_target(group, user)
    _check_keeps_a_facilitator(group, membership)
    membership.delete()


@transaction.atomic
def facilitator_add(*, actor: User, group: Group, user: User) -> Membership:
    policies.check_manage_group(actor, group)
    membership = _membership_of_target(group, user)
    if membership.role != Membership.Role.FACILITATOR:
        membership.role = Membership.Role.FACILITATOR
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def facilitator_remove(*, actor: User, group: Group, user: User) -> Membership:
    policies.check_manage_group(actor, group)
    group = _lock_group(group)
    membership = _membership_of_target(group, user)
    _check_keeps_a_facilitator(group, membership)
    if membership.role != Membership.Role.MEMBER:
        membership.role = Membership.Role.MEMBER
        membership.save(update_fields=["role"])
    return membership


# --- Creating and editing groups ------------------------------------------------------


def _unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:120].strip("-") or "group"
    if base in RESERVED_SLUGS:
        base = f"{base}-group"
    taken = Group.objects.filter(slug__startswith=base)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    used = set(taken.values_list("slug", flat=True))
    slug, counter = base, 2
    while slug in used:
        slug = f"{base}-{counter}"
        counter += 1
    return slug


def _clean_questions(questions: Iterable[Any]) -> list[str]:
    cleaned = [q.strip() for q in questions if isinstance(q, str) and q.strip()]
    errors = []
    if len(cleaned) > QUESTIONS_MAX:
        errors.append(_("Ask at most %(max)s questions.") % {"max": QUESTIONS_MAX})
    if any(len(q) > QUESTION_MAX_LENGTH for q in cleaned):
        errors.append(
            _("Keep each question under %(max)s characters.") % {"max": QUESTION_MAX_LENGTH}
        )
    if errors:
        raise ValidationError({"join_questions": errors})
    return cleaned


def _resolve_place(name: str) -> tuple[str, str, float | None, float | None]:
    """(place name, country, latitude, longitude) from the bundled offline gazetteer."""
    place = places.resolve_place(name)
    if place is None:
        raise ValidationError(
            {
                "place_name": [
                    _(
                        "We could not find a town or city called “%(name)s”. Try the nearest "
                        "larger town, or add the country (for example “Leeds, United Kingdom”)."
                    )
                    % {"name": name}
                ]
            }
        )
    return place.name, place.country, place.latitude, place.longitude


def _apply_place(group: Group, place_name: str) -> None:
    place_name = place_name.strip()
    if group.format == Group.Format.ONLINE or not place_name:
        # An online group has no place; a place is never kept beyond what is shown.
        group.place_name, group.country, group.latitude, group.longitude = "", "", None, None
        return
    group.place_name, group.country, group.latitude, group.longitude = _resolve_place(place_name)


def _name_problem(group: Group, actor: User) -> str | None:
    """A name must say something, and must not be mistaken for a group the actor can see
    (only those: a clash with an unlisted group they are not in would reveal that group)."""
    if group.name and not any(ch.isalnum() for ch in group.name):
        return _("Give the group a name with letters or numbers in it.")
    same = policies.visible_groups(actor).filter(name__iexact=group.name)
    if group.pk is not None:
        same = same.exclude(pk=group.pk)
    if group.name and same.exists():
        return _("A group with this name already exists. Please choose another name.")
    return None


def _validate(group: Group, topics: list[Topic] | None, actor: User) -> None:
    errors: dict[str, list[str]] = {}
    name_problem = _name_problem(group, actor)
    if name_problem is not None:
        errors["name"] = [name_problem]
    if topics is not None and any(not topic.is_active for topic in topics):
        errors["topics"] = [_("Choose topics from the list.")]
    if group.format != Group.Format.ONLINE and not group.place_name:
        errors["place_name"] = [_("In-person and hybrid groups need a town or area.")]
    try:
        group.full_clean(exclude=["rules", "slug", "created_by"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def group_create(
    *,
    actor: User,
    name: str,
    description: str = "",
    topics: Iterable[Topic] = (),
    format: str = Group.Format.ONLINE,  # noqa: A002 - the field's name
    languages: list[str] | None = None,
    listing: str = Group.Listing.LISTED,
    join_policy: str = Group.JoinPolicy.OPEN,
    join_questions: Iterable[Any] = (),
    what_to_expect: str = "",
    capacity: int | None = None,
    place_name: str = "",
    message_retention_days: int | None = None,
    require_coach_nudges: bool = False,
    premoderate_first_posts: int = 0,
) -> Group:
    """Start a group. Its own rule set is created empty; the creator becomes its facilitator.

    Raises ValidationError (keyed by field) and stores nothing when any value is invalid.
    """
    policies.check_create_group(actor)
    topic_list = list(topics)
    group = Group(
        name=" ".join(name.split()),
        description=description.strip(),
        format=format,
        languages=list(languages or []),
        listing=listing,
        join_policy=join_policy,
        what_to_expect=what_to_expect.strip(),
        capacity=capacity,
        message_retention_days=message_retention_days,
        require_coach_nudges=require_coach_nudges,
        premoderate_first_posts=premoderate_first_posts,
        created_by=actor,
    )
    group.join_questions = _clean_questions(join_questions)
    _apply_place(group, place_name)
    _validate(group, topic_list, actor)
    group.slug = _unique_slug(group.name)
    group.rules = RuleSet.objects.create(
        scope=RuleSet.Scope.GROUP, name=_("Rules of %(name)s") % {"name": group.name}
    )
    group.save()
    group.topics.set(topic_list)
    Membership.objects.create(group=group, user=actor, role=Membership.Role.FACILITATOR)
    return group


@transaction.atomic
def group_update(
    *,
    actor: User,
    group: Group,
    name: str | None = None,
    description: str | None = None,
    topics: Iterable[Topic] | None = None,
    format: str | None = None,  # noqa: A002 - the field's name
    languages: list[str] | None = None,
    listing: str | None = None,
    join_policy: str | None = None,
    join_questions: Iterable[Any] | None = None,
    what_to_expect: str | None = None,
    capacity: int | None = None,
    clear_capacity: bool = False,
    place_name: str | None = None,
    message_retention_days: int | None = None,
    clear_message_retention: bool = False,
    require_coach_nudges: bool | None = None,
    premoderate_first_posts: int | None = None,
) -> Group:
    """Change the given fields; None leaves a field as it is. The slug never changes,
    so links already shared keep working."""
    policies.check_manage_group(actor, group)
    group = Group.objects.select_for_update().get(pk=group.pk)
    if name is not None:
        group.name = " ".join(name.split())
    if description is not None:
        group.description = description.strip()
    if format is not None:
        group.format = format
    if languages is not None:
        group.languages = list(languages)
    if listing is not None:
        group.listing = listing
    if join_policy is not None:
        group.join_policy = join_policy
    if join_questions is not None:
        group.join_questions = _clean_questions(join_questions)
    if what_to_expect is not None:
        group.what_to_expect = what_to_expect.strip()
    if capacity is not None or clear_capacity:
        group.capacity = capacity
    if message_retention_days is not None or clear_message_retention:
        group.message_retention_days = message_retention_days
    if require_coach_nudges is not None:
        group.require_coach_nudges = require_coach_nudges
    if premoderate_first_posts is not None:
        group.premoderate_first_posts = premoderate_first_posts
    if place_name is not None or format is not None:
        _apply_place(group, group.place_name if place_name is None else place_name)
    topic_list = list(topics) if topics is not None else None
    _validate(group, topic_list, actor)
    group.save()
    if topic_list is not None:
        group.topics.set(topic_list)
    if premoderate_first_posts is not None:
        # The posting gate caches the setting; forget it once the new value is committed.
        from peerhaven.moderation.services import premoderation_changed  # imports groups

        group_id = group.pk
        transaction.on_commit(lambda: premoderation_changed(group_id))
    return group
