"""One registry of everything tied to an account, for export and for erasure.

Each app registers a section once (in its AppConfig.ready). Export and account
deletion walk the same list, so no app's data can be left out of either.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from peerhaven.accounts.models import User


@dataclass(frozen=True)
class Section:
    name: str
    export: Callable[[User], Any]
    # Erase what the account cascade would not remove (content others can still see).
    erase: Callable[[User], int] | None = None


_sections: dict[str, Section] = {}


def register(
    name: str, *, export: Callable[[User], Any], erase: Callable[[User], int] | None = None
) -> None:
    _sections[name] = Section(name=name, export=export, erase=erase)


def sections() -> list[Section]:
    return list(_sections.values())


def export_all(user: User) -> dict[str, Any]:
    return {section.name: section.export(user) for section in sections()}


def erase_all(user: User) -> dict[str, int]:
    """Call inside transaction.atomic, before the user row itself is deleted."""
    return {s.name: s.erase(user) for s in sections() if s.erase is not None}
