"""Roles: a viewer (anyone with a link) reads; an editor changes scenarios, datasets, the
default and history files; an admin also manages accounts. Every write of the store takes an
:class:`Actor` and checks its role with :func:`require`."""

from __future__ import annotations

from dataclasses import dataclass

VIEWER, EDITOR, ADMIN = "viewer", "editor", "admin"
ROLES = (VIEWER, EDITOR, ADMIN)
_RANK = {VIEWER: 0, EDITOR: 1, ADMIN: 2}


class AccessDenied(ValueError):
    """A write by someone without the role it needs (one line)."""


@dataclass(frozen=True)
class Actor:
    """Who acts: a name (account, e-mail, ``cli:<OS user>`` or ``anonymous``) and a role."""

    name: str
    role: str = VIEWER

    def can(self, role: str) -> bool:
        """Whether this actor has ``role`` or a higher one."""
        return _RANK.get(self.role, -1) >= _RANK[role]


ANONYMOUS = Actor("anonymous", VIEWER)


def require(actor: Actor | None, role: str, what: str) -> Actor:
    """``actor`` when it has ``role``; else :class:`AccessDenied` naming what was refused."""
    who = actor if isinstance(actor, Actor) else ANONYMOUS
    if not who.can(role):
        raise AccessDenied(
            f"{what}: refused, the {role} role is needed ({who.name} is a {who.role}); sign in"
        )
    return who
