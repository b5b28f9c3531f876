"""The record: an append-only log of every state-changing action, public or for facilitators."""
