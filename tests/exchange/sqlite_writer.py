"""One writer process for test_sqlite_durability: sign in, then save N edits of one person.

Run as `python sqlite_writer.py DATABASE_URL EMAIL PASSWORD TOTP_SECRET PERSON_ID N`; prints
the status of every save and exits 1 if any was not the redirect of a saved edit.
"""

import sys

import pyotp

from exchange import create_app


def main(url: str, email: str, password: str, secret: str, person_id: str, count: str) -> int:
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False,
                      "SECRET_KEY": "writer-secret-key-0123456789abcdef0123"})
    client = app.test_client()
    client.post("/login", data={"email": email, "password": password})
    if client.post("/login/code", data={"code": pyotp.TOTP(secret).now()}).status_code != 302:
        print("sign-in failed")
        return 1
    statuses = []
    for n in range(int(count)):
        response = client.post(f"/persons/{person_id}/edit", data={
            "version": str(1 + n), "surname": "Писар", "given_name": f"Запис {n}",
            "reason": f"save {n}"})
        statuses.append(response.status_code)
        if b"database is locked" in response.data:
            print("database is locked")
            return 1
    print(" ".join(map(str, statuses)))
    return 0 if set(statuses) == {302} else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
