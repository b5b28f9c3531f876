"""Logging in and out, accounts, invitations and API tokens."""
