"""E-mail: queued by the services in an outbox, sent after the request's commit or by cron."""
