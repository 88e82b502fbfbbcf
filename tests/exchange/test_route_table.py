"""Every route of the app, every role, two organisations: the status each gets.

The world: a person listed by ZMINA only, with its record, batch, saved mappings and a
pending upload of ZMINA's editor; a round; a review item. Each role signs in (the second
factor included) and asks for every rule of `app.url_map` with every method; GETs first,
then POSTs with an empty form (no POST here may change data it must not), sign-out last.

A route missing from ROUTES fails the test: a new page must say here who may reach it.
Columns: admin, coordinator, editor of ZMINA (the member whose records these are), editor
of CHRG (another member), negotiator, viewer, anonymous.
"""

from __future__ import annotations

import os

import pytest
from werkzeug.datastructures import FileStorage

from exchange.audit import Actor, acting_as
from exchange.importing import uploads
from exchange.models import (
    ReviewItem,
    Role,
    SavedHeaderMapping,
    SavedValueMapping,
)
from exchange.rounds import operations
from tests.reports.conftest import Registry

VARIANTS = ("admin", "coordinator", "editor_own", "editor_other", "negotiator", "viewer",
            "anonymous")
MISSING = 999_999  # an id of nothing: 404 for those who may ask, 403 for those who may not

# (method, endpoint): statuses in the order of VARIANTS.
ROUTES: dict[tuple[str, str], str] = {
    ("GET", "auth.change_password"): "200 200 200 200 200 200 302",
    ("GET", "auth.login"): "302 302 302 302 302 302 200",
    ("GET", "auth.second_factor"): "302 302 302 302 302 302 302",
    ("GET", "auth.set_language"): "302 302 302 302 302 302 302",
    ("GET", "classification.index"): "200 200 200 200 200 200 302",
    ("GET", "classification.person"): "200 200 200 200 200 200 302",
    ("GET", "classification.review_queue"): "200 200 403 403 403 403 302",
    ("GET", "classification.rules"): "200 200 200 200 200 200 302",
    ("GET", "estimation.index"): "200 200 200 200 200 200 302",
    ("GET", "estimation.workbook"): "200 200 200 200 200 200 302",
    ("GET", "home.index"): "200 200 200 200 200 200 302",
    ("GET", "importing.batches"): "200 200 200 200 403 403 302",
    ("GET", "importing.mappings"): "200 200 200 200 403 403 302",
    ("GET", "importing.preview"): "404 404 200 404 403 403 302",
    ("GET", "importing.upload"): "200 200 200 200 403 403 302",
    ("GET", "reconciliation.conflicts"): "200 200 200 200 200 200 302",
    ("GET", "reconciliation.months"): "200 200 403 403 403 403 302",
    ("GET", "reconciliation.person_links"): "200 200 403 403 403 403 302",
    ("GET", "reconciliation.review_item"): "302 302 403 403 403 403 302",
    ("GET", "reconciliation.review_record"): "200 200 403 403 403 403 302",
    ("GET", "reconciliation.review_queue"): "200 200 403 403 403 403 302",
    ("GET", "registry.edit"): "200 200 403 403 403 403 302",
    ("GET", "registry.index"): "200 200 200 200 200 200 302",
    ("GET", "registry.person"): "200 200 200 200 200 200 302",
    ("GET", "registry.source_record"): "200 200 200 404 404 404 302",
    ("GET", "repatriation.dashboard"): "200 200 200 200 200 200 302",
    ("GET", "repatriation.dashboard_xlsx"): "200 200 200 200 200 200 302",
    ("GET", "repatriation.flags"): "200 200 200 200 200 200 302",
    ("GET", "repatriation.persons"): "200 200 200 200 200 200 302",
    ("GET", "repatriation.rehabilitation"): "200 200 200 200 200 200 302",
    ("GET", "reports.changes"): "200 200 200 200 200 200 302",
    ("GET", "reports.changes_xlsx"): "404 404 404 404 404 404 302",
    ("GET", "reports.joint_list"): "200 200 200 200 200 200 302",
    ("GET", "reports.joint_list_xlsx"): "200 200 200 200 200 200 302",
    ("GET", "reports.overlap"): "200 200 200 200 200 200 302",
    ("GET", "reports.overlap_picture"): "200 200 200 200 200 200 302",
    ("GET", "road.timeline"): "200 200 200 404 200 200 302",
    ("GET", "rounds.coverage_page"): "200 200 200 200 200 200 302",
    ("GET", "rounds.diff"): "200 200 403 403 200 200 302",
    ("GET", "rounds.index"): "200 200 200 200 200 200 302",
    ("GET", "rounds.reply"): "200 200 403 403 200 200 302",
    ("GET", "rounds.roster_page"): "200 200 200 200 200 200 302",
    ("GET", "rounds.roster_xlsx"): "200 200 200 200 200 200 302",
    ("GET", "rounds.rosters"): "200 200 200 200 200 200 302",
    ("GET", "rounds.round_page"): "200 200 200 200 200 200 302",
    ("GET", "rounds.round_xlsx"): "200 200 403 403 200 200 302",
    ("GET", "rounds.submit"): "200 200 403 403 200 403 302",
    ("GET", "static"): "200 200 200 200 200 200 200",
    ("POST", "auth.change_password"): "200 200 200 200 200 200 302",
    ("POST", "auth.login"): "302 302 302 302 302 302 200",
    ("POST", "auth.second_factor"): "302 302 302 302 302 302 302",
    ("POST", "classification.clear_override"): "302 302 403 403 403 403 302",
    ("POST", "classification.override"): "302 302 403 403 403 403 302",
    ("POST", "classification.review"): "302 302 403 403 403 403 302",
    ("POST", "classification.review_group"): "302 302 403 403 403 403 302",
    # the owner's empty POST imports the checked file; the upload is then gone (404)
    ("POST", "importing.commit"): "404 404 302 404 403 403 302",
    ("POST", "importing.forget"): "302 302 302 404 403 403 302",
    ("POST", "importing.forget_value"): "302 302 302 404 403 403 302",
    ("POST", "importing.remap"): "404 404 404 404 403 403 302",
    ("POST", "importing.remap_values"): "404 404 404 404 403 403 302",
    ("POST", "importing.rollback"): "302 302 302 404 403 403 302",
    ("POST", "importing.upload"): "200 200 200 200 403 403 302",
    ("POST", "reconciliation.person_links"): "200 200 403 403 403 403 302",
    ("POST", "reconciliation.publish"): "302 302 403 403 403 403 302",
    ("POST", "reconciliation.reconcile"): "302 302 403 403 403 403 302",
    ("POST", "reconciliation.review_item"): "302 302 403 403 403 403 302",
    ("POST", "reconciliation.review_record"): "302 302 403 403 403 403 302",
    ("POST", "reconciliation.undo"): "404 404 403 403 403 403 302",
    ("POST", "registry.edit"): "200 200 403 403 403 403 302",
    ("POST", "registry.index"): "302 302 302 302 302 302 302",
    ("POST", "repatriation.resolve"): "404 404 403 403 403 403 302",
    ("POST", "road.checklist_item"): "302 302 403 403 403 403 302",
    ("POST", "road.correct"): "404 404 403 403 403 403 302",
    ("POST", "road.record"): "302 302 403 403 403 403 302",
    ("POST", "rounds.add_to_round"): "302 302 403 403 302 403 302",
    ("POST", "rounds.cancel"): "302 302 403 403 302 403 302",
    ("POST", "rounds.close"): "302 302 403 403 302 403 302",
    ("POST", "rounds.decide_row"): "404 404 403 403 404 403 302",
    ("POST", "rounds.execute"): "302 302 403 403 302 403 302",
    ("POST", "rounds.index"): "200 200 403 403 200 403 302",
    ("POST", "rounds.outcome"): "302 302 403 403 302 403 302",
    ("POST", "rounds.remove"): "302 302 403 403 302 403 302",
    ("POST", "rounds.submit"): "302 302 403 403 302 403 302",
    ("POST", "rounds.upload"): "302 302 403 403 302 403 302",
    ("POST", "auth.logout"): "302 302 302 302 302 302 302",
}


class World:
    """The objects whose ids fill the routes' parameters."""

    def __init__(self, session, org, tmp_path, create_person) -> None:
        registry = Registry(session, org)
        self.person = create_person(surname="Маршрут")
        self.record = registry.record(self.person, "ZMINA", "2025-01", "Z-1")
        self.batch = registry.batches[("ZMINA", "2025-01")]
        zmina = org("ZMINA")
        with acting_as(session, Actor("test")):
            self.mapping = SavedHeaderMapping(organisation_id=zmina.id, header="ПІБ",
                                              header_key="піб", column="full_name",
                                              updated_by_label="test")
            self.value_mapping = SavedValueMapping(
                organisation_id=zmina.id, column="sex", value_key="ч", value="ч",
                canonical="M", updated_by_label="test")
            self.review = ReviewItem(list_month="2025-01", source_record_id=self.record.id,
                                     candidate_person_id=self.person.id, weight=1.0,
                                     probability=0.5)
            session.add_all([self.mapping, self.value_mapping, self.review])
            session.commit()
        self.round = operations.create_round(session, name="Маршрутний", round_type="amnesty",
                                             categories=["non_violent_amnesty"],
                                             actor=Actor("test"))
        self.uploads = tmp_path
        self.token = None

    def pending_upload(self, user) -> str:
        stored = uploads.store(uploads.upload_dir(self.uploads, named=False),
                               FileStorage(filename="list.csv", stream=_csv()),
                               user_id=user.id, organisation_id=user.organisation_id or 0,
                               month="2025-01")
        return stored.token

    def values(self) -> dict[str, object]:
        return {"person_id": self.person.id, "record_id": self.record.id,
                "batch_id": self.batch.id, "mapping_id": self.mapping.id,
                "item_id": self.review.id, "round_id": self.round.id, "month": "2025-01",
                "token": self.token, "category": "non_violent_amnesty", "kind": "reply",
                "code": "uk", "filename": "css/app.css", "change_id": MISSING,
                "flag_id": MISSING, "event_id": MISSING, "row_id": MISSING,
                "item": "documents_restored"}


def _csv():
    import io

    return io.BytesIO("Прізвище,Ім'я\nМаршрут,Тест\n".encode())


def _url(app, rule, values) -> str:
    with app.test_request_context():
        from flask import url_for

        args = {k: values[k] for k in rule.arguments}
        if rule.endpoint == "estimation.workbook" or rule.endpoint.startswith("reports.joint"):
            args["month"] = "2025-01"
        if rule.endpoint == "reports.overlap_picture":
            args["month"] = "2025-01"
        return url_for(rule.endpoint, **args)


def _requests(app) -> list[tuple[str, str, object]]:
    found = [(method, rule.endpoint, rule) for rule in app.url_map.iter_rules()
             for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    order = lambda r: (r[1] == "auth.logout", r[0] != "GET", r[1])  # noqa: E731
    return sorted(found, key=order)


def test_every_route_is_in_the_table(app):
    routes = {(method, endpoint) for method, endpoint, _ in _requests(app)}
    missing = sorted(routes - set(ROUTES))
    assert not missing, ("routes with no line in ROUTES (say who may reach them): "
                         f"{missing}")
    assert not sorted(set(ROUTES) - routes), "ROUTES names routes the app no longer has"


@pytest.mark.parametrize("variant", VARIANTS)
def test_who_reaches_what(app, session, org, tmp_path, create_person, create_user, login,
                          client, variant, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_UPLOAD_DIR", str(tmp_path))
    world = World(session, org, tmp_path, create_person)
    owner = create_user(Role.MEMBER_EDITOR, org_code="ZMINA", email="owner@example.org")
    world.token = world.pending_upload(owner)
    user = {
        "admin": lambda: create_user(Role.ADMIN),
        "coordinator": lambda: create_user(Role.COORDINATOR),
        "editor_own": lambda: owner,
        "editor_other": lambda: create_user(Role.MEMBER_EDITOR, org_code="CHRG"),
        "negotiator": lambda: create_user(Role.NEGOTIATOR),
        "viewer": lambda: create_user(Role.VIEWER),
        "anonymous": lambda: None,
    }[variant]()
    if user is not None:
        login(user)
    column = VARIANTS.index(variant)
    seen, wrong = [], []
    for method, endpoint, rule in _requests(app):
        if (method, endpoint) not in ROUTES:
            continue
        url = _url(app, rule, world.values())
        response = client.open(url, method=method, data={})
        status = response.status_code
        response.close()
        seen.append(f'    ("{method}", "{endpoint}"): {status}')
        expected = int(ROUTES[(method, endpoint)].split()[column])
        if status != expected:
            wrong.append(f"{method} {url} ({endpoint}): {status}, expected {expected}")
        if status < 300 and endpoint != "static":
            assert response.headers.get("Cache-Control") == "no-store", url
    if os.environ.get("ROUTE_TABLE_PRINT"):
        print(variant, *seen, sep="\n")
    assert not wrong, f"{variant}:\n" + "\n".join(wrong)


def test_member_editor_cannot_read_or_write_another_members_record(
        session, org, tmp_path, create_person, create_user, login, app, monkeypatch):
    world = World(session, org, tmp_path, create_person)
    client = login(create_user(Role.MEMBER_EDITOR, org_code="CHRG"))
    assert client.get(f"/records/{world.record.id}").status_code == 404
    rolled = client.post(f"/import/batches/{world.batch.id}/rollback", data={"reason": "x"})
    assert rolled.status_code == 404
    session.refresh(world.batch)
    assert world.batch.status.value == "committed"


def test_fields_the_form_does_not_offer_change_nothing(session, create_person, create_user,
                                                       login):
    person = create_person(surname="Поле")
    user = create_user(Role.COORDINATOR)
    client = login(user)
    response = client.post(f"/persons/{person.id}/edit", data={
        "version": str(person.version), "surname": "Поле", "given_name": "Олександр",
        "reason": "check", "id": "4242", "merged_into_id": "1", "search_text": "x",
        "field_provenance": "{}", "role": "admin", "organisation_id": "1",
        "created_at": "2000-01-01"})
    assert response.status_code == 302
    session.refresh(person)
    assert person.id != 4242
    assert person.merged_into_id is None
    assert person.search_text != "x"
    own = create_user(Role.MEMBER_EDITOR, org_code="ZMINA")
    login(own).post("/account/password", data={"current": "x", "new": "y" * 20,
                                                 "confirm": "y" * 20, "role": "admin",
                                                 "organisation_id": "2"})
    session.refresh(own)
    assert own.role is Role.MEMBER_EDITOR
    assert own.organisation.code == "ZMINA"


def test_a_stale_edit_is_refused_and_loses_nothing(session, create_person, create_user, login,
                                                   app):
    person = create_person(surname="Версія")
    first = login(create_user(Role.COORDINATOR))
    second = login(create_user(Role.ADMIN), app.test_client())
    form = {"version": str(person.version), "given_name": "Олександр", "reason": "r"}
    assert first.post(f"/persons/{person.id}/edit",
                      data={**form, "surname": "Перша"}).status_code == 302
    late = second.post(f"/persons/{person.id}/edit", data={**form, "surname": "Друга"})
    assert late.status_code == 200
    assert "changed" in late.get_data(as_text=True).lower()
    session.refresh(person)
    assert person.surname == "Перша"

