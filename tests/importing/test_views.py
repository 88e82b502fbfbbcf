"""The upload page: the CLI's preview, mapping and commit, scoped to the user's organisation."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from exchange.models import (
    AuditEntry,
    ImportBatch,
    Role,
    SavedHeaderMapping,
    SavedValueMapping,
    SourceRecord,
)
from exchange.models.enums import BatchStatus
from tests.importing import builders as b

ROWS = [b.HEADER, b.ROW, ["A-2", "Шевченко", "Тарас", "1990", "2023-01-05", "Крим"]]


def _upload(client, path: Path, org_id: int, month: str = "2025-01"):
    data = {"organisation": str(org_id), "month": month,
            "file": (io.BytesIO(path.read_bytes()), path.name)}
    return client.post("/import/", data=data, content_type="multipart/form-data")


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_coordinator_uploads_checks_and_commits(login, create_user, org, session,
                                                tmp_path: Path) -> None:
    client = login(create_user(Role.COORDINATOR))
    page = client.get("/import/")
    assert b"<progress" in page.data
    assert b"importing-upload.js" in page.data
    response = _upload(client, b.xlsx(tmp_path / "z.xlsx", ROWS), org("ZMINA").id)
    assert response.status_code == 302
    assert len(list((tmp_path / "uploads").iterdir())) == 2  # the file and its details
    check = client.get(response.headers["Location"])
    text = check.get_data(as_text=True)
    assert "Rows to import" in text
    assert "Region of residence" in text
    assert _count(session, SourceRecord) == 0  # the check writes nothing
    token = response.headers["Location"].rsplit("/", 1)[-1]
    done = client.post(f"/import/check/{token}/commit", follow_redirects=True)
    assert "Imported 2 rows" in done.get_data(as_text=True)
    assert list((tmp_path / "uploads").iterdir()) == []  # removed once imported
    assert _count(session, SourceRecord) == 2


def test_problems_are_listed_by_row_column_and_value(login, create_user, org, session,
                                                     tmp_path: Path) -> None:
    client = login(create_user(Role.COORDINATOR))
    rows = [*ROWS, ["A-3", "Бойко", "Іван", "31.02.1980", None, None]]
    response = _upload(client, b.xlsx(tmp_path / "z.xlsx", rows), org("ZMINA").id)
    text = client.get(response.headers["Location"]).get_data(as_text=True)
    assert re.search(r"<td><span[^>]*>Дата народження</span> \(Date of birth\)</td>\s*"
                     r"<td[^>]*>31.02.1980</td>\s*<td>no such date</td>\s*<td>1 \(rows 4\)</td>",
                     text)
    assert "Import these rows" not in text
    token = response.headers["Location"].rsplit("/", 1)[-1]
    client.post(f"/import/check/{token}/commit")
    assert _count(session, ImportBatch) == 0


def test_unknown_header_is_mapped_in_the_form_and_remembered(login, create_user, org, session,
                                                            tmp_path: Path) -> None:
    client = login(create_user(Role.COORDINATOR))
    rows = [[*b.HEADER, "Телефон"], [*b.ROW, "+380"]]
    response = _upload(client, b.xlsx(tmp_path / "z.xlsx", rows), org("ZMINA").id)
    location = response.headers["Location"]
    assert "not read: choose a column" in client.get(location).get_data(as_text=True)
    form = {f"h{i}": "" for i in range(7)} | {"h6": "ignore", "remember": "y"}
    client.post(f"{location}/mapping", data=form)
    assert "Import these rows" in client.get(location).get_data(as_text=True)
    assert _count(session, SavedHeaderMapping) == 1


def test_member_editor_imports_only_for_their_organisation(login, create_user, org, session,
                                                           tmp_path: Path) -> None:
    client = login(create_user(Role.MEMBER_EDITOR, org_code="CCL"))
    page = client.get("/import/").get_data(as_text=True)
    assert "CCL ·" in page
    assert "ZMINA ·" not in page
    refused = _upload(client, b.xlsx(tmp_path / "z.xlsx", ROWS), org("ZMINA").id)
    assert refused.status_code == 200  # not a valid choice: the form is shown again
    assert _count(session, SourceRecord) == 0
    assert _upload(client, b.xlsx(tmp_path / "z.xlsx", ROWS), org("CCL").id).status_code == 302


def test_viewer_cannot_import(login, create_user) -> None:
    assert login(create_user(Role.VIEWER)).get("/import/").status_code == 403


def test_another_users_upload_is_not_found(login, create_user, org, client,
                                           tmp_path: Path) -> None:
    first = login(create_user(Role.COORDINATOR))
    location = _upload(first, b.xlsx(tmp_path / "z.xlsx", ROWS), org("ZMINA").id).headers[
        "Location"]
    first.post("/logout")
    second = login(create_user(Role.COORDINATOR))
    assert second.get(location).status_code == 404


def test_dangerous_file_is_refused_with_its_reason(login, create_user, org, session,
                                                   tmp_path: Path) -> None:
    client = login(create_user(Role.COORDINATOR))
    response = _upload(client, b.entity_bomb(tmp_path / "lol.xlsx"), org("ZMINA").id)
    text = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "This file cannot be imported" in text
    assert "entity bomb" in text
    assert _count(session, ImportBatch) == 0
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "import_refused")).one()
    assert entry.changes["file_name"] == [None, "lol.xlsx"]


def test_batch_rollback_from_the_batches_page(login, create_user, org, session,
                                              tmp_path: Path) -> None:
    client = login(create_user(Role.COORDINATOR))
    location = _upload(client, b.xlsx(tmp_path / "z.xlsx", ROWS), org("ZMINA").id).headers[
        "Location"]
    client.post(f"{location}/commit")
    batch = session.scalars(select(ImportBatch)).one()
    assert "z.xlsx" in client.get("/import/batches").get_data(as_text=True)
    client.post(f"/import/batches/{batch.id}/rollback", data={"reason": "wrong file"})
    session.refresh(batch)
    assert batch.status == BatchStatus.ROLLED_BACK
    assert _count(session, SourceRecord) == 0


def test_saved_mappings_are_listed_and_can_be_forgotten(login, create_user, org, session) -> None:
    from exchange.audit import Actor
    from exchange.importing.mappings import save_mapping

    save_mapping(session, org("CCL").id, {"Телефон": "ignore"}, Actor(label="t"))
    save_mapping(session, org("ZMINA").id, {"Коментар": "notes"}, Actor(label="t"))
    client = login(create_user(Role.MEMBER_EDITOR, org_code="CCL"))
    page = client.get("/import/mappings").get_data(as_text=True)
    assert "Телефон" in page
    assert "Коментар" not in page  # another organisation's choice
    zmina = session.scalars(select(SavedHeaderMapping).filter_by(header="Коментар")).one()
    assert client.post(f"/import/mappings/{zmina.id}/forget").status_code == 404
    ccl = session.scalars(select(SavedHeaderMapping).filter_by(header="Телефон")).one()
    client.post(f"/import/mappings/{ccl.id}/forget")
    assert _count(session, SavedHeaderMapping) == 1


def test_problems_are_shown_in_ukrainian(login, create_user, org, tmp_path: Path) -> None:
    client = login(create_user(Role.COORDINATOR))
    client.get("/language/uk")
    rows = [*ROWS, ["A-3", "Бойко", "Іван", "31.02.1980", None, None]]
    response = _upload(client, b.xlsx(tmp_path / "z.xlsx", rows), org("ZMINA").id)
    text = client.get(response.headers["Location"]).get_data(as_text=True)
    if "Перевірка перед імпортом" not in text:
        pytest.skip("the Ukrainian catalog is not compiled (make translations)")
    assert "такої дати немає" in text


def test_unknown_values_are_read_by_the_form_and_remembered(login, create_user, org, session,
                                                           tmp_path: Path) -> None:
    client = login(create_user(Role.COORDINATOR))
    header = [*b.HEADER, "Правовий статус"]
    rows = [header, [*b.ROW, "під арештом"], ["A-2", "Бойко", "Іван", None, None, None,
                                              "під арештом"]]
    location = _upload(client, b.xlsx(tmp_path / "z.xlsx", rows), org("ZMINA").id).headers[
        "Location"]
    text = client.get(location).get_data(as_text=True)
    assert re.search(r"<td[^>]*>під арештом</td>\s*<td>not a known value[^<]*</td>\s*"
                     r"<td>2 \(rows 2, 3\)</td>", text)
    assert "Import these rows" not in text
    client.post(f"{location}/values", data={"v0": "accused", "remember": "y"})
    assert "Import these rows" in client.get(location).get_data(as_text=True)
    saved = session.scalars(select(SavedValueMapping)).one()
    assert (saved.column, saved.value, saved.canonical) == ("legal_status", "під арештом",
                                                            "accused")
    again = _upload(client, b.xlsx(tmp_path / "y.xlsx", rows[:2]), org("ZMINA").id, "2025-02")
    assert "Import these rows" in client.get(again.headers["Location"]).get_data(as_text=True)


def test_a_future_list_month_is_refused_on_the_page(login, create_user, org,
                                                    tmp_path: Path) -> None:
    client = login(create_user(Role.COORDINATOR))
    response = _upload(client, b.xlsx(tmp_path / "z.xlsx", ROWS), org("ZMINA").id, "2999-01")
    text = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "the list month is after the current month" in text


def test_a_pending_upload_is_deleted_after_use_and_after_expiry(
        login, create_user, org, tmp_path: Path, app, monkeypatch) -> None:
    import os
    import time

    from exchange.importing import uploads

    folder = tmp_path / "pending"
    monkeypatch.setitem(app.config, "IMPORT_UPLOAD_DIR", str(folder))
    client = login(create_user(Role.COORDINATOR))
    used = _upload(client, b.xlsx(tmp_path / "z.xlsx", ROWS), org("ZMINA").id)
    client.post(f"{used.headers['Location']}/commit")
    assert list(folder.iterdir()) == []  # committed: the copy of the list is gone
    left = _upload(client, b.xlsx(tmp_path / "y.xlsx", ROWS), org("CHRG").id)
    assert len(list(folder.iterdir())) == 2  # the file and its details
    old = time.time() - uploads.MAX_AGE_SECONDS - 60
    for path in folder.iterdir():
        os.utime(path, (old, old))
    assert client.get(left.headers["Location"]).status_code == 404
    assert list(folder.iterdir()) == []  # expired: deleted at the next use of the pages
