"""Account writes: create users, sign in and out, change passwords."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from exchange import passwords
from exchange.audit import Actor, acting_as, write_entry
from exchange.models import Organisation, Role, User
from exchange.models.base import utcnow


class AccountError(ValueError):
    """An account operation was refused; the message is safe to show."""


class SignInFailed(AccountError):
    """Wrong email or password (the message never says which)."""

    def __init__(self) -> None:
        super().__init__("Wrong email or password.")


def find_organisation(session: Session, code: str) -> Organisation:
    """Return the organisation with this short code (any case), or raise AccountError."""
    org = session.scalar(select(Organisation).where(func.upper(Organisation.code) == code.upper()))
    if org is None:
        known = ", ".join(session.scalars(select(Organisation.code).order_by(Organisation.code)))
        raise AccountError(f"unknown organisation {code!r}; known: {known}")
    return org


def create_user(
    session: Session,
    *,
    email: str,
    password: str,
    role: Role,
    organisation_code: str | None,
    actor: Actor,
) -> User:
    """Create an account; a member editor must belong to an organisation."""
    email = email.strip().lower()
    if "@" not in email:
        raise AccountError(f"not an email address: {email!r}")
    if session.scalar(select(User).where(User.email == email)) is not None:
        raise AccountError(f"an account for {email} already exists")
    passwords.check_strength(password)
    org = find_organisation(session, organisation_code) if organisation_code else None
    if role is Role.MEMBER_EDITOR and org is None:
        raise AccountError("a member_editor account needs --org")
    user = User(
        email=email,
        password_hash=passwords.hash_password(password),
        role=role,
        organisation=org,
    )
    with acting_as(session, actor):
        session.add(user)
        session.flush()
        write_entry(
            session,
            action="create",
            object_type="user_account",
            object_id=user.id,
            changes={"role": [None, role.value], "organisation": [None, org.code if org else None]},
        )
        session.commit()
    return user


def authenticate(session: Session, email: str, password: str) -> User:
    """Return the user for these credentials or raise SignInFailed."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or not user.is_active:
        passwords.verify_password(passwords.DUMMY_HASH, password)  # same time either way
        raise SignInFailed()
    if not passwords.verify_password(user.password_hash, password):
        user.failed_logins += 1
        session.commit()
        raise SignInFailed()
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    user.failed_logins = 0
    user.last_login_at = utcnow()
    session.commit()
    return user


def end_all_sessions(session: Session, user: User) -> None:
    """Void every cookie issued to the user so far (sign-out everywhere)."""
    user.session_version += 1
    session.commit()


def change_password(session: Session, user: User, current: str, new: str) -> None:
    """Change the password after checking the current one; ends every other session."""
    if not passwords.verify_password(user.password_hash, current):
        raise AccountError("The current password is wrong.")
    passwords.check_strength(new)
    user.password_hash = passwords.hash_password(new)
    user.session_version += 1
    with acting_as(session, Actor.for_user(user)):
        write_entry(
            session, action="password_change", object_type="user_account", object_id=user.id
        )
        session.commit()
