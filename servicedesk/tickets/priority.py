"""Priority from impact and urgency: the ITIL matrix as a pure table."""

LEVELS = ("high", "medium", "low")
PRIORITIES = ("critical", "high", "medium", "low")
PRIORITY_RANK = {name: rank for rank, name in enumerate(PRIORITIES)}

_MATRIX = {
    ("high", "high"): "critical",
    ("high", "medium"): "high",
    ("medium", "high"): "high",
    ("high", "low"): "medium",
    ("medium", "medium"): "medium",
    ("low", "high"): "medium",
    ("medium", "low"): "low",
    ("low", "medium"): "low",
    ("low", "low"): "low",
}


def priority_for(impact: str, urgency: str) -> str:
    """Return the priority for an impact and urgency (each high, medium or low).

    :raises ValueError: for a level outside high/medium/low.
    """
    try:
        return _MATRIX[(impact, urgency)]
    except KeyError:
        raise ValueError(f"impact and urgency must be one of {', '.join(LEVELS)}") from None
