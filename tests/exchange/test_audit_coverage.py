"""The audit trail covers what the issue names: sign-in and its failures, views of a person,
every change (old and new value), imports, exports, merges, overrides, round state changes.
Each row of the table does one thing through the app and names the entry it must leave."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from exchange.audit import Actor
from exchange.classification.operations import override_classification
from exchange.importing.operations import import_list
from exchange.models import AuditEntry, Role
from exchange.reconciliation.decisions import merge_persons
from exchange.registry.operations import edit_person
from exchange.rounds import operations as rounds
from tests.importing import builders as b


def _sign_in(ctx):
    ctx.login(ctx.coordinator)


def _failed_sign_in(ctx):
    ctx.client.post("/login", data={"email": ctx.coordinator.email, "password": "not it at all"})


def _view(ctx):
    ctx.login(ctx.viewer).get(f"/persons/{ctx.person.id}")


def _edit(ctx):
    edit_person(ctx.session, ctx.person, {"date_of_birth": "1984-03-12"},
                actor=Actor.for_user(ctx.coordinator), reason="passport")


def _import(ctx):
    import_list(ctx.session, b.xlsx(ctx.tmp_path / "l.xlsx", [b.HEADER, b.ROW]),
                org_code="ZMINA", month="2025-01", actor=Actor.for_user(ctx.coordinator))


def _export(ctx):
    _import(ctx)
    ctx.login(ctx.viewer).get("/reports/joint-list.xlsx?month=2025-01")


def _merge(ctx):
    other = ctx.create_person(surname="Двійник")
    merge_persons(ctx.session, ctx.person, other, Actor.for_user(ctx.coordinator), "same man")


def _override(ctx):
    override_classification(ctx.session, ctx.person, user=ctx.coordinator, reason="court file",
                            category="civilians")


def _round_state(ctx):
    found = rounds.create_round(ctx.session, name="Аудит", round_type="amnesty",
                                categories=["non_violent_amnesty"], actor=Actor("test"))
    rounds.cancel_round(ctx.session, found.id, actor=Actor.for_user(ctx.coordinator),
                        reason="postponed")


# (what is done, the entry's action, its object type, what its changes must hold)
CASES = [
    (_sign_in, "sign_in", "user_account", None),
    (_failed_sign_in, "sign_in_failed", "user_account", None),
    (_view, "view", "person", None),
    (_edit, "update", "person", {"date_of_birth": [None, "1984-03-12"]}),
    (_import, "import", "import_batch", {"row_count": [None, 1]}),
    (_export, "export", "export", {"rows": [None, 0]}),
    (_merge, "merge", "person", None),
    (_override, "override", "person_classification", None),
    (_round_state, "round_cancel", "exchange_round", {"state": ["draft", "cancelled"]}),
]


class Context:
    def __init__(self, **kw) -> None:
        self.__dict__.update(kw)


@pytest.mark.parametrize(("act", "action", "object_type", "holds"), CASES,
                         ids=[c[1] for c in CASES])
def test_the_trail_covers_it(session, client, login, create_user, create_person, tmp_path, act,
                             action, object_type, holds):
    ctx = Context(session=session, client=client, login=login, tmp_path=tmp_path,
                  create_person=create_person, person=create_person(surname="Аудитор"),
                  coordinator=create_user(Role.COORDINATOR), viewer=create_user(Role.VIEWER))
    act(ctx)
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == action)
                            .order_by(AuditEntry.id.desc())).first()
    assert entry is not None, f"no {action} entry"
    assert entry.object_type == object_type
    assert entry.actor
    assert entry.at is not None
    for key, value in (holds or {}).items():
        assert entry.changes[key] == value, (key, entry.changes)


def test_the_changes_keep_old_and_new_values(session, create_user, create_person):
    person = create_person(date_of_birth="1984")
    edit_person(session, person, {"date_of_birth": "1984-03-12"},
                actor=Actor.for_user(create_user(Role.ADMIN)), reason="passport")
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "update")).one()
    assert entry.changes == {"date_of_birth": ["1984", "1984-03-12"]}


