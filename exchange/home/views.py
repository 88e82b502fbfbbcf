"""The home page of each role: its to-dos, its rosters and its rounds in progress."""

from __future__ import annotations

from collections import Counter

from flask import Blueprint, render_template
from flask_login import current_user

from exchange.extensions import db
from exchange.home.todos import FINISHED_ROUNDS, home_plan, todos
from exchange.models import Round
from exchange.rounds import queries
from exchange.rounds.tables import categories_in_order

bp = Blueprint("home", __name__)


@bp.get("/home")
def index() -> str:
    user = current_user._get_current_object()
    plan = home_plan(user.role)
    rosters = None
    if plan["rosters"] != "none":
        counts = Counter(dict(db.session.execute(queries.roster_counts(user)).all()))
        rosters = [(c, counts.get(c, 0)) for c in categories_in_order()]
    rounds = db.session.scalars(
        queries.rounds_list().where(Round.state.not_in(FINISHED_ROUNDS)).limit(10)).all()
    return render_template("home/index.html", todos=todos(db.session, user), rosters=rosters,
                           rosters_first=plan["rosters"] == "first", rounds=rounds)
