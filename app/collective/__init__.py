"""The collective's own identity (name, description, languages, contact, logo) and the first start that sets it."""
