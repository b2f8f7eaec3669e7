"""The ticket core: models, the one write path (service), lifecycle, routing, SLA, queues."""
