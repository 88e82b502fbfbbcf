"""Exchange rounds: rosters by category in priority order, rounds from draft to closed,
the other side's replies matched back to our persons, and the Excel files negotiators use.

Writes are services that take a Session and commit once (`operations`, `submission`,
`replies`, `outcomes`, `counterpart`); reads are in `queries` and `roster`; the rule tables
are in `data/` (see `tables`). Nothing here needs a Flask view, so a JSON API can call it.
"""
