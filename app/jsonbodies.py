"""JSON read from requests: a body nested too deeply is malformed JSON, not a server error.

`[[[[…` 100,000 levels deep makes Python's json.loads raise RecursionError, which is not a ValueError:
Werkzeug and Flask-WTF (which reads JSON bodies of pages too) let it through as a 500. Turned into a
ValueError here, it becomes Flask's 400 for a malformed body (or None for get_json(silent=True)).
"""
from __future__ import annotations

from flask.json.provider import DefaultJSONProvider


class BoundedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, where a body too deep to read is a ValueError like any other malformed JSON."""

    def loads(self, s, **kwargs):
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("The JSON body is nested too deeply.") from None
