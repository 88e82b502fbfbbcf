"""Passwords, the second factor, lockout, the argon2 bound and an admin's account controls."""

from __future__ import annotations

import re
import statistics
import threading
import time

import pyotp
import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from exchange import passwords
from exchange.auth import throttle, two_factor
from exchange.models import AuditEntry, RecoveryCode, Role, SignInThrottle, User
from tests.conftest import PASSWORD, second_factor


def _actions(session, **where) -> list[str]:
    stmt = select(AuditEntry.action).order_by(AuditEntry.id)
    for key, value in where.items():
        stmt = stmt.where(getattr(AuditEntry, key) == value)
    return list(session.scalars(stmt))


def _post(client, email, password=PASSWORD):
    return client.post("/login", data={"email": email, "password": password})


# --- passwords -----------------------------------------------------------------------------

@pytest.mark.parametrize(("password", "refused"), [
    ("short pass", "at least 12"),
    ("x" * 129, "at most 128"),
    ("123456789012", "too common"),
    ("Password1234", "too common"),
    ("qwerty 123456", "too common"),
    ("aaaaaaaaaaaaaaaa", "too simple"),
    ("abababababab", "too simple"),
    ("olena.k-secret-words", "the account's name"),
    ("correct horse battery staple", "too common"),
    ("a long test password", None),
    ("довгий пароль без правил", None),
    ("x" * 60 + "yz0123", None),
])
def test_password_rules(password, refused):
    if refused is None:
        passwords.check_strength(password, email="olena.k@example.org")
    else:
        with pytest.raises(passwords.WeakPassword, match=refused):
            passwords.check_strength(password, email="olena.k@example.org")


def test_an_old_hash_is_upgraded_at_sign_in(session, client, create_user):
    user = create_user(Role.VIEWER)
    user.password_hash = PasswordHasher(time_cost=1, memory_cost=8 * 1024).hash(PASSWORD)
    session.commit()
    assert _post(client, user.email).status_code == 302
    session.refresh(user)
    assert "m=65536,t=3" in user.password_hash
    assert passwords.verify_password(user.password_hash, PASSWORD)


def test_argon2_runs_at_most_a_few_at_once(client, create_user, monkeypatch):
    user = create_user(Role.VIEWER)
    monkeypatch.setattr(passwords, "HASH_WAIT_SECONDS", 0.2)
    held = [passwords._slots.acquire(timeout=1) for _ in range(passwords.HASH_SLOTS)]
    try:
        assert all(held)
        response = _post(client, user.email)
    finally:
        for _ in held:
            passwords._slots.release()
    assert response.status_code == 503
    assert b"busy" in response.data
    assert _post(client, user.email).status_code == 302  # slots free again: signs in


def test_parallel_sign_ins_never_exceed_the_bound(monkeypatch):
    running, peak = [0], [0]
    lock = threading.Lock()
    real = passwords._verify

    def counting(stored, password):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        try:
            return real(stored, password)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(passwords, "_verify", counting)
    threads = [threading.Thread(target=passwords.verify_password,
                                args=(passwords.DUMMY_HASH, "guess")) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak[0] <= passwords.HASH_SLOTS


# --- lockout -------------------------------------------------------------------------------

@pytest.mark.parametrize("known", [True, False])
def test_repeated_failures_lock_the_account(session, client, create_user, known):
    user = create_user(Role.VIEWER)
    email = user.email if known else "nobody@example.org"
    for _ in range(throttle.ACCOUNT_LIMIT):
        assert b"Wrong email or password." in _post(client, email, "wrong password!!").data
    # locked: even the right password is refused, with the same words
    response = _post(client, email)
    assert b"Wrong email or password." in response.data
    assert client.get("/").status_code == 302
    row = session.get(SignInThrottle, throttle.account_key(email))
    assert row.locked_until is not None
    actions = _actions(session)
    assert actions.count("sign_in_failed") == throttle.ACCOUNT_LIMIT
    assert actions.count("sign_in_locked") == 1
    assert actions[-1] == "sign_in_refused_locked"


def test_the_lock_ends(session, client, create_user):
    user = create_user(Role.VIEWER)
    for _ in range(throttle.ACCOUNT_LIMIT):
        _post(client, user.email, "wrong password!!")
    row = session.get(SignInThrottle, throttle.account_key(user.email))
    row.locked_until = row.locked_until - throttle.LOCK
    session.commit()
    assert _post(client, user.email).status_code == 302


def test_many_accounts_from_one_address_lock_the_address(session, client, monkeypatch):
    monkeypatch.setattr(throttle, "ADDRESS_LIMIT", 3)
    for n in range(3):
        _post(client, f"guess{n}@example.org", "wrong password!!")
    assert session.get(SignInThrottle, throttle.address_key("127.0.0.1")).locked_until


def test_no_address_or_e_mail_is_kept_in_the_counters(session, client):
    _post(client, "someone@example.org", "wrong password!!")
    keys = list(session.scalars(select(SignInThrottle.key)))
    assert keys
    assert not any("someone" in k or "127.0.0.1" in k for k in keys)


def _timed(client, email) -> float:
    started = time.perf_counter()
    _post(client, email, "wrong password!!")
    return time.perf_counter() - started


def test_unknown_account_and_wrong_password_take_similar_time(client, create_user):
    user = create_user(Role.VIEWER)
    known, unknown = [], []
    for n in range(4):  # fewer than the lock, alternating so load hits both alike
        known.append(_timed(client, user.email))
        unknown.append(_timed(client, f"nobody{n}@example.org"))
    ratio = statistics.median(known) / statistics.median(unknown)
    assert 0.5 < ratio < 2.0, (known, unknown)


def test_a_wrong_current_password_counts_towards_the_lock(session, login, create_user):
    user = create_user(Role.VIEWER)
    client = login(user)
    for _ in range(throttle.ACCOUNT_LIMIT):
        client.post("/account/password", data={"current": "wrong password!!", "new": "x" * 20,
                                                "confirm": "x" * 20})
    page = client.post("/account/password", data={
        "current": PASSWORD, "new": "a brand new passphrase", "confirm": "a brand new passphrase"})
    assert b"The current password is wrong." in page.data
    assert "password_change_failed" in _actions(session)


# --- second factor -------------------------------------------------------------------------

@pytest.mark.parametrize("role", list(Role))
def test_second_factor_roles(session, app, create_user, role):
    user = create_user(role, org_code="ZMINA" if role is Role.MEMBER_EDITOR else None)
    client = app.test_client()
    response = _post(client, user.email)
    needs = role in (Role.ADMIN, Role.COORDINATOR, Role.NEGOTIATOR)
    assert response.headers["Location"] == ("/login/code" if needs else "/home")
    assert (client.get("/").status_code == 302) is needs  # not signed in before the code


def test_a_code_works_once(session, app, create_user):
    user = create_user(Role.COORDINATOR)
    client = app.test_client()
    _post(client, user.email)
    code = pyotp.TOTP(user.totp_secret).now()
    assert client.post("/login/code", data={"code": code}).status_code == 302
    assert client.get("/").status_code == 200
    again = app.test_client()
    _post(again, user.email)
    response = again.post("/login/code", data={"code": code})
    assert b"Wrong or already used code." in response.data
    assert again.get("/").status_code == 302
    assert "second_factor_failed" in _actions(session)


def test_a_wrong_code_fails_and_counts(session, app, create_user):
    user = create_user(Role.NEGOTIATOR)
    client = app.test_client()
    _post(client, user.email)
    for _ in range(throttle.ACCOUNT_LIMIT):
        client.post("/login/code", data={"code": "000000"})
    # the account is now locked: even the right code is refused
    user.totp_last_step = None
    session.commit()
    _post(client, user.email)
    assert client.get("/").status_code == 302


def test_enrolment_shows_a_key_then_recovery_codes_that_work_once(session, app, create_user):
    user = create_user(Role.ADMIN)
    user.totp_secret = None
    session.commit()
    client = app.test_client()
    _post(client, user.email)
    page = client.get("/login/code").get_data(as_text=True)
    assert "otpauth://totp/" in page
    with client.session_transaction() as cookie:
        secret = cookie["second_factor"]["secret"]
    done = client.post("/login/code", data={"code": pyotp.TOTP(secret).now()})
    codes = re.findall(r"<li><code>([^<]+)</code>", done.get_data(as_text=True))
    assert len(codes) == two_factor.RECOVERY_CODES
    assert client.get("/").status_code == 200
    session.refresh(user)
    assert user.totp_secret == secret
    stored = list(session.scalars(select(RecoveryCode.code_hash)
                                  .where(RecoveryCode.user_id == user.id)))
    assert codes[0] not in stored  # kept as hashes
    for attempt, works in ((codes[0], True), (codes[0], False)):
        other = app.test_client()
        _post(other, user.email)
        other.post("/login/code", data={"code": attempt})
        assert (other.get("/").status_code == 200) is works
    assert "recovery_code_used" in _actions(session)


def test_the_password_step_expires(app, create_user, monkeypatch):
    from exchange.auth import sessions

    user = create_user(Role.COORDINATOR)
    client = app.test_client()
    _post(client, user.email)
    monkeypatch.setattr(sessions, "PENDING_SECONDS", -1)
    response = client.post("/login/code", data={"code": pyotp.TOTP(user.totp_secret).now()})
    assert response.headers["Location"] == "/login"


def test_a_password_reset_keeps_the_second_factor(session, app, runner, create_user):
    user = create_user(Role.COORDINATOR)
    result = runner.invoke(args=["user", "reset-password", user.email],
                           input="a new long passphrase\n")
    assert result.exit_code == 0, result.output
    session.refresh(user)
    assert user.totp_secret
    client = app.test_client()
    response = _post(client, user.email, "a new long passphrase")
    assert response.headers["Location"] == "/login/code"
    assert client.get("/").status_code == 302
    second_factor(session, client, user)
    assert client.get("/").status_code == 200


# --- an admin's controls end every copy of the cookie -------------------------------------

@pytest.mark.parametrize(("command", "can_sign_in_again"), [
    ("disable", False), ("end-sessions", True), ("reset-two-factor", True)])
def test_admin_controls_void_old_cookies(session, app, runner, login, create_user, command,
                                         can_sign_in_again):
    user = create_user(Role.NEGOTIATOR)
    client = login(user)
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    assert copy.get("/").status_code == 200
    result = runner.invoke(args=["user", command, user.email])
    assert result.exit_code == 0, result.output
    assert client.get("/").status_code == 302
    assert copy.get("/").status_code == 302
    after = _post(app.test_client(), user.email)
    assert (after.status_code == 302) is can_sign_in_again
    assert _actions(session, object_type="user_account", object_id=str(user.id))
    if command == "reset-two-factor":
        session.refresh(user)
        assert user.totp_secret is None
        assert after.headers["Location"] == "/login/code"  # set it up again


def test_sign_in_is_audited(session, login, create_user):
    user = create_user(Role.COORDINATOR)
    login(user)
    assert _actions(session, user_id=user.id)[-2:] == ["sign_in_password", "sign_in"]
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "sign_in")).first()
    assert entry.reason == "from 127.0.0.1"


def test_users_table_has_no_plain_secrets_but_totp(session, create_user):
    user = create_user(Role.ADMIN)
    assert session.get(User, user.id).password_hash.startswith("$argon2id$")
