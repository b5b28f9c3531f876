"""The demo collective that `make run` seeds into an empty instance."""
