"""``jixiao serve``: the published warehouse over the PostgreSQL wire protocol, read-only.

``server`` speaks the protocol and runs each connection on a snapshot of the published
file; ``catalog`` emulates the PostgreSQL system catalog clients read on connect; ``types``
maps DuckDB types to PostgreSQL type OIDs and encodes values. See docs/decisions.md for why
this is our own code rather than a library.
"""
