"""The collective itself: its name, description, languages, contact and logo, set at the first start."""
