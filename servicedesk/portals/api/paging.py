"""Keyset pages by id for the API's lists other than the ticket queue (which pages by due time
in ``tickets/queues.py``): the cursor is the last id of a page, so no page is ever skipped or
repeated while rows are added."""

from sqlalchemy import Select

from ...errors import ValidationError
from ...extensions import db
from .schemas import MAX_ID


def page_by_id(query: Select, column, args: dict, *, newest_first: bool = False) -> dict:
    """Return ``{"items", "next_cursor"}`` for one page of *query* ordered by *column*.

    :raises ValidationError: for an ``after`` cursor this API did not write.
    """
    after = args.get("after")
    if after:
        if not (after.isascii() and after.isdigit() and 0 < int(after) <= MAX_ID):
            raise ValidationError("That page link is broken.", {"after": "Not a page cursor."})
        query = query.where(column < int(after) if newest_first else column > int(after))
    query = query.order_by(column.desc() if newest_first else column)
    limit = args["limit"]
    rows = list(db.session.scalars(query.limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": rows, "next_cursor": str(rows[-1].id) if more else None}
