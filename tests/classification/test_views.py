"""Classification pages: the explanation, overrides and the review queue, by role."""

import pytest

from exchange.audit import Actor, acting_as
from exchange.classification import util
from exchange.models import Charge, Role

FACTS = {
    "citizenship": "UA",
    "person_status": "formation_member",
    "legal_status": "convicted",
    "violent_offence": "yes",
    "offence_has_victims": "yes",
    "against_russian_interests": "no",
    "war_crime_accusation": "no",
}


@pytest.fixture
def volunteer(session, create_person):
    """D15: a volunteer also charged with murder."""
    person = create_person(**FACTS)
    with acting_as(session, Actor(label="test")):
        person.charges.append(Charge(article="205.5", part=None, as_written="205.5"))
        person.charges.append(Charge(article="105", part="2", as_written="105 ч.2"))
        session.commit()
    return person


@pytest.mark.parametrize("role", list(Role))
def test_the_roles_that_see_charges_see_the_explanation(volunteer, create_user, login, role):
    client = login(create_user(role, org_code="ZMINA" if role is Role.MEMBER_EDITOR else None))
    page = client.get(f"/classification/persons/{volunteer.id}").get_data(as_text=True)
    charges = role in (Role.ADMIN, Role.COORDINATOR, Role.NEGOTIATOR)  # auth/data/field_access
    assert "Transfer" in page  # the category: every role
    assert ("Transfer of individuals accused of violent crimes" in page) is charges
    assert ("Volunteers: cases ended by amnesty" in page) is charges
    assert ("105 ч.2: art. 105 (Murder) is violent" in page) is charges
    assert ('name="reason"' in page) == (role in (Role.ADMIN, Role.COORDINATOR))


def test_person_page_shows_the_panel(volunteer, create_user, login):
    client = login(create_user(Role.NEGOTIATOR))
    page = client.get(f"/persons/{volunteer.id}").get_data(as_text=True)
    assert "Treatment category and Coalition eligibility" in page
    assert "transfer" in page


def test_the_reasons_name_charges_so_a_viewer_sees_the_category_only(volunteer, create_user,
                                                                      login):
    page = login(create_user(Role.VIEWER)).get(f"/persons/{volunteer.id}").get_data(as_text=True)
    assert "Treatment category and Coalition eligibility" in page
    assert "transfer" not in page


@pytest.mark.parametrize("role", [Role.VIEWER, Role.NEGOTIATOR])
def test_only_reviewers_override(session, volunteer, create_user, login, role):
    client = login(create_user(role))
    response = client.post(
        f"/classification/persons/{volunteer.id}/override",
        data={"category": "volunteers", "reason": "x"},
    )
    assert response.status_code == 403
    assert client.get("/classification/review").status_code == 403
    assert not session.scalar(util.classification_of(volunteer.id)).overridden


def test_coordinator_overrides_with_a_reason(session, volunteer, create_user, login):
    client = login(create_user(Role.COORDINATOR))
    url = f"/classification/persons/{volunteer.id}/override"
    client.post(url, data={"category": "volunteers", "eligibility": "", "reason": ""})
    assert not session.scalar(util.classification_of(volunteer.id)).overridden
    response = client.post(
        url,
        data={
            "category": "volunteers",
            "eligibility": "eligible",
            "reason": "murder charge withdrawn",
        },
    )
    assert response.status_code == 302
    row = session.scalar(util.classification_of(volunteer.id))
    assert (str(row.category), str(row.override_category)) == ("transfer", "volunteers")
    page = client.get(f"/classification/persons/{volunteer.id}").get_data(as_text=True)
    assert "murder charge withdrawn" in page
    assert "override; computed:" in page


def test_review_queue_and_mark_reviewed(session, create_person, create_user, login):
    person = create_person(person_status="civilian", legal_status="suspect", citizenship="UA")
    client = login(create_user(Role.ADMIN))
    page = client.get("/classification/review").get_data(as_text=True)
    assert f"/classification/persons/{person.id}" in page
    client.post(f"/classification/persons/{person.id}/review?next=queue", data={"note": ""})
    page = client.get("/classification/review").get_data(as_text=True)
    assert f"/classification/persons/{person.id}" not in page


def test_registry_filters(volunteer, create_person, create_user, login):
    other = create_person(person_status="civilian", legal_status="none", citizenship="UA")
    client = login(create_user(Role.NEGOTIATOR))
    page = client.get("/classification/?category=transfer&provisional=no").get_data(as_text=True)
    assert f'/persons/{volunteer.id}"' in page
    assert f'/persons/{other.id}"' not in page
    page = client.get("/classification/?category=civilians").get_data(as_text=True)
    assert f'/persons/{other.id}"' in page


def test_rules_page_shows_the_tables(create_user, login):
    client = login(create_user(Role.VIEWER))
    page = client.get("/classification/rules").get_data(as_text=True)
    assert "Cessation of criminal cases against volunteers" in page
    assert "Mercenarism" in page
    assert "actively contributed to the occupation" in page


def test_a_merged_away_person_leads_to_the_surviving_one(
    session, volunteer, create_person, login, create_user
):
    other = create_person(person_status="civilian", legal_status="none", citizenship="UA")
    with acting_as(session, Actor(label="test")):
        other.merged_into_id = volunteer.id
        session.commit()
    client = login(create_user(Role.VIEWER))
    response = client.get(f"/classification/persons/{other.id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/classification/persons/{volunteer.id}")


STORED_BEFORE_TRANSLATIONS = {
    "category": "transfer", "rule": "transfer", "rule_order": 3, "measure": 4,
    "measure_title": "Transfer of individuals accused of violent crimes", "measure_text": "…",
    "reason": "rule 3 holds: violent_offence = yes",
    "used": [{"label": "the offence involved violence against a person", "holds": True,
              "observed": "violent_offence = yes", "checks": []}],
    "tried": [{"order": 2, "key": "volunteers", "measure": 5, "holds": False, "checks": [
        {"label": "violent_offence is not yes", "holds": False,
         "observed": "violent_offence = yes", "checks": []}]}],
    "also_held": [], "unknown_fields": [], "notes": ["art. 300 is not in the article table"],
    "conflicts": [],
    "eligibility": {"value": "not_assessed", "status": "not_assessed", "exclusion": None,
                    "criteria": [], "reason": "not assessed", "notes": []},
    "ruleset_version": "1+0123456789ab", "provisional": False,
    "rule_label": "3. transfer (measure 4)",
}


def test_a_result_stored_before_translations_is_still_shown(session, volunteer, create_user,
                                                             login):
    """Until `flask reclassify` runs after the upgrade, old results show their old words."""
    # (a coordinator: the reasons name charges, which viewers do not see)
    row = session.scalar(util.classification_of(volunteer.id))
    with acting_as(session, Actor(label="test")):
        row.explanation = STORED_BEFORE_TRANSLATIONS
        session.commit()
    client = login(create_user(Role.COORDINATOR))
    client.get("/language/uk")
    page = client.get(f"/classification/persons/{volunteer.id}").get_data(as_text=True)
    assert "rule 3 holds: violent_offence = yes" in page
    assert "art. 300 is not in the article table" in page
    assert "Передача осіб, обвинувачених у насильницьких злочинах" in page  # the measure
