"""Account writes: create users, sign in and out, change passwords."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from exchange import passwords
from exchange.audit import Actor, acting_as, write_entry
from exchange.auth import throttle, two_factor
from exchange.models import Organisation, Role, User
from exchange.models.base import utcnow

ANONYMOUS = Actor(label="anonymous")


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
    passwords.check_strength(password, email=email)
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


def authenticate(session: Session, email: str, password: str, *, address: str = "") -> User:
    """Return the user for these credentials or raise SignInFailed (audited either way).

    An unknown account, a wrong password, a disabled account and a locked one give the same
    answer; the first three cost one argon2 check each, a locked one none.
    """
    keys = [throttle.account_key(email), throttle.address_key(address)]
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if throttle.is_locked(session, keys):
        _refuse(session, user, "sign_in_refused_locked", address)
    if user is None or not user.is_active:
        passwords.verify_password(passwords.DUMMY_HASH, password)  # same time either way
        _failed(session, None if user is None else user, keys, address)
    if not passwords.verify_password(user.password_hash, password):
        user.failed_logins += 1
        _failed(session, user, keys, address)
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    throttle.clear(session, keys[0])
    user.failed_logins = 0
    user.last_login_at = utcnow()
    with acting_as(session, Actor.for_user(user), reason=_from(address)):
        write_entry(session, action="sign_in_password", object_type="user_account",
                    object_id=user.id)
        session.commit()
    return user


def _from(address: str) -> str:
    return f"from {address or 'an unknown address'}"


def _failed(session: Session, user: User | None, keys: list[str], address: str) -> None:
    """Count the failure, lock keys over their limit, audit it all, then refuse."""
    locked = throttle.record_failure(session, keys)
    with acting_as(session, ANONYMOUS, reason=_from(address)):
        for key in locked:
            write_entry(session, action="sign_in_locked", object_type="sign_in_throttle",
                        object_id=key[:60], changes={"account": [None, _ref(user)]})
    _refuse(session, user, "sign_in_failed", address)


def _refuse(session: Session, user: User | None, action: str, address: str) -> None:
    with acting_as(session, ANONYMOUS, reason=_from(address)):
        write_entry(session, action=action, object_type="user_account", object_id=_ref(user))
        session.commit()
    raise SignInFailed()


def _ref(user: User | None) -> str:
    return str(user.id) if user is not None else "unknown"


def record_sign_in(session: Session, user: User, action: str, address: str = "") -> None:
    """Audit a step of a sign-in (second factor given, refused, enrolled)."""
    with acting_as(session, Actor.for_user(user), reason=_from(address)):
        write_entry(session, action=action, object_type="user_account", object_id=user.id)
        session.commit()


def check_second_factor(session: Session, user: User, code: str, address: str = "") -> None:
    """Accept the second factor or raise SignInFailed; failures count towards the lock."""
    keys = [throttle.account_key(user.email), throttle.address_key(address)]
    if throttle.is_locked(session, keys):
        _refuse(session, user, "second_factor_refused_locked", address)
    if not two_factor.check_code(session, user, code):
        throttle.record_failure(session, keys)
        _refuse(session, user, "second_factor_failed", address)
    throttle.clear(session, keys[0])
    record_sign_in(session, user, "sign_in", address)


def end_all_sessions(session: Session, user: User) -> None:
    """Void every cookie issued to the user so far (sign-out everywhere)."""
    user.session_version += 1
    session.commit()


def change_password(session: Session, user: User, current: str, new: str) -> None:
    """Change the password after checking the current one; ends every other session."""
    keys = [throttle.account_key(user.email)]
    if throttle.is_locked(session, keys) or not passwords.verify_password(user.password_hash,
                                                                           current):
        throttle.record_failure(session, keys)
        with acting_as(session, Actor.for_user(user)):
            write_entry(session, action="password_change_failed", object_type="user_account",
                        object_id=user.id)
            session.commit()
        raise AccountError("The current password is wrong.")
    passwords.check_strength(new, email=user.email)
    user.password_hash = passwords.hash_password(new)
    user.session_version += 1
    with acting_as(session, Actor.for_user(user)):
        write_entry(
            session, action="password_change", object_type="user_account", object_id=user.id
        )
        session.commit()


def find_user(session: Session, email: str) -> User:
    """Return the account with this e-mail address, or raise AccountError."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise AccountError(f"no account for {email}")
    return user


def administer(session: Session, user: User, action: str, actor: Actor, *,
               active: bool | None = None, password: str | None = None) -> None:
    """Disable or enable an account, end its sessions, or reset its password (admin only).

    Every one of these voids every cookie issued so far. A password reset leaves the second
    factor as it is: resetting a password never opens an account without it.
    """
    if password is not None:
        passwords.check_strength(password, email=user.email)
        user.password_hash = passwords.hash_password(password)
    if active is not None:
        user.is_active = active
    user.session_version += 1
    with acting_as(session, actor):
        write_entry(session, action=action, object_type="user_account", object_id=user.id)
        session.commit()
