"""`make run` prints the demo sign-in, and a person can sign in with it, second factor included."""

from __future__ import annotations

import re

import pytest

from exchange.models import User


@pytest.fixture
def instance(app, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    return tmp_path


def test_demo_data_prints_a_sign_in_that_works(app, session, runner, instance):
    loaded = runner.invoke(args=["demo-data", "--persons", "5"])
    assert loaded.exit_code == 0, loaded.output
    email = re.search(r"email:\s+(\S+)", loaded.output).group(1)
    password = re.search(r"password:\s+(\S+)", loaded.output).group(1)
    key = re.search(r"add the key (\S+)", loaded.output).group(1)
    assert (instance / "demo-login.txt").stat().st_mode & 0o077 == 0
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": password})
    assert response.headers["Location"] == "/login/code"
    code = runner.invoke(args=["demo-code"]).output.strip()
    assert re.fullmatch(r"\d{6}", code)
    assert client.post("/login/code", data={"code": code}).status_code == 302
    assert client.get("/").status_code == 200
    assert session.query(User).filter_by(email=email).one().totp_secret == key


def test_demo_code_needs_the_demo_data(runner, instance):
    result = runner.invoke(args=["demo-code"])
    assert result.exit_code != 0
    assert "no demo sign-in" in result.output
