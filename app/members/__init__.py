"""Organisations, the people who belong to them, and the public directory."""
