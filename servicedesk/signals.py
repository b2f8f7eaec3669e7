"""Signals other domains may react to. Each is sent after the change is flushed.

ticket_opened:          sender=Ticket, actor=User | None
ticket_updated:         sender=Ticket, actor=User | None, event=TicketEvent (every audited change)
ticket_status_changed:  sender=Ticket, actor=User | None, old=str, new=str
ticket_replied:         sender=Ticket, actor=User | None, message=Message (public replies only)
sla_escalated:          sender=Ticket, kind="warning" | "breach",
                        target="first_response" | "resolution"
"""

from blinker import Namespace

_signals = Namespace()

ticket_opened = _signals.signal("ticket-opened")
ticket_updated = _signals.signal("ticket-updated")
ticket_status_changed = _signals.signal("ticket-status-changed")
ticket_replied = _signals.signal("ticket-replied")
sla_escalated = _signals.signal("sla-escalated")
