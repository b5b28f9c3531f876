"""A person's page: what waits for them, in one place (participation, issue 19.3)."""
