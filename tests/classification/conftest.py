from pathlib import Path

import pytest

SHARED_DEV = Path(__file__).resolve().parents[3] / "shared" / "data" / "dev"
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"

# A Ukrainian civilian convicted for a post, every fact recorded: rule 4.
BASE = {
    "record_id": "T1",
    "citizenship": "UA",
    "lived_in_ukraine_1991_borders": "yes",
    "person_status": "civilian",
    "captured_in_ukraine": "yes",
    "facility_type": "colony",
    "held_incommunicado": "no",
    "legal_status": "convicted",
    "charges": "280.3 ч.1",
    "violent_offence": "no",
    "offence_has_victims": "no",
    "against_russian_interests": "no",
    "war_crime_accusation": "no",
    "pace_criteria": "a",
    "exclusion": "",
}


@pytest.fixture
def record():
    """Return a copy of BASE with the given fields changed (None or "" = empty)."""

    def make(**changes):
        return {**BASE, **changes}

    return make
