"""``servicedesk mail fetch`` and ``servicedesk mail serve``: email into tickets."""

import click


@click.group("mail")
def mail_group() -> None:
    """Email into tickets."""
