"""Sign-in, sign-out and password change, including revocation of old cookies."""

from __future__ import annotations

from http.cookies import SimpleCookie

import pytest

from exchange.models import AuditEntry, Role
from exchange.passwords import hash_password, verify_password

PASSWORD = "a long test password"  # the fixtures' password (tests/conftest.py)


def _copy_cookie(source, target) -> None:
    target.set_cookie("session", source.get_cookie("session").value)


def test_sign_in_page_is_public(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert b"Sign in" in response.data


def test_registry_requires_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_sign_in_reaches_the_registry(create_user, login):
    client = login(create_user(Role.VIEWER))
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("email_kind", ["existing", "unknown"])
def test_wrong_password_gives_one_generic_message(client, create_user, email_kind):
    user = create_user(Role.VIEWER)
    email = user.email if email_kind == "existing" else "nobody@example.org"
    response = client.post("/login", data={"email": email, "password": "wrong password!!"})
    assert response.status_code == 200
    assert b"Wrong email or password." in response.data
    assert client.get("/").status_code == 302


def test_no_remember_me_cookie(create_user, login):
    client = login(create_user(Role.VIEWER))
    assert client.get_cookie("remember_token") is None


def test_sign_out_voids_every_copy_of_the_cookie(app, create_user, login):
    client = login(create_user(Role.VIEWER))
    other = app.test_client()
    _copy_cookie(client, other)
    assert other.get("/").status_code == 200
    replay = app.test_client()
    _copy_cookie(client, replay)
    client.post("/logout")
    assert replay.get("/").status_code == 302  # the copied cookie no longer signs anyone in


def test_password_change_ends_other_sessions(app, session, create_user, login):
    user = create_user(Role.COORDINATOR)
    client = login(user)
    elsewhere = login(user, app.test_client())
    assert elsewhere.get("/").status_code == 200
    response = client.post(
        "/account/password",
        data={
            "current": PASSWORD,
            "new": "a brand new passphrase",
            "confirm": "a brand new passphrase",
        },
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # this browser stays in
    assert elsewhere.get("/").status_code == 302  # every other session is out
    session.refresh(user)
    assert verify_password(user.password_hash, "a brand new passphrase")
    actions = [e.action for e in session.query(AuditEntry).filter_by(object_id=str(user.id))]
    assert "password_change" in actions


def test_open_redirect_after_sign_in_is_refused(client, create_user):
    user = create_user(Role.VIEWER)
    response = client.post(
        "/login?next=https://evil.example/", data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/home"


def test_passwords_are_argon2id():
    assert hash_password("x" * 12).startswith("$argon2id$")


def test_csrf_is_enforced_on_forms(app, session, create_user):
    user = create_user(Role.VIEWER)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client = app.test_client()
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 400
        page = client.get("/login").get_data(as_text=True)
        assert 'name="csrf_token"' in page
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_pages_forbid_outside_resources(client):
    csp = client.get("/login").headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    page = client.get("/login").get_data(as_text=True)
    assert "http://" not in page
    assert "https://" not in page


def test_session_cookie_is_http_only_and_same_site(client, create_user):
    user = create_user(Role.VIEWER)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    header = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    morsel = SimpleCookie(header)["session"]
    assert morsel["httponly"]
    assert morsel["samesite"] == "Lax"


def test_ukrainian_is_first_class(client):
    client.get("/language/uk")
    page = client.get("/login").get_data(as_text=True)
    assert 'lang="uk"' in page
    assert "Увійти" in page


def test_browser_language_is_honoured(client):
    page = client.get("/login", headers={"Accept-Language": "uk-UA,uk;q=0.9"}).get_data(
        as_text=True
    )
    assert "Увійти" in page


@pytest.mark.parametrize("role", [Role.VIEWER, Role.COORDINATOR])  # without and with a code
def test_language_chosen_before_sign_in_is_kept(client, create_user, login, role):
    client.get("/language/uk", headers={"Referer": "http://localhost/login"})
    assert '<html lang="uk">' in client.get("/login").get_data(as_text=True)
    login(create_user(role))
    assert '<html lang="uk">' in client.get("/home").get_data(as_text=True)
