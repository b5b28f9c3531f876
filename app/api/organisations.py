"""GET /api/v1/organisations."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.api import bp
from app.api.helpers import paginate
from app.api.serialisers import organisation_json
from app.members.models import Organisation


@bp.route("/organisations")
def list_organisations():
    query = select(Organisation).options(selectinload(Organisation.signatures)).order_by(Organisation.name, Organisation.id)
    return paginate(query, organisation_json)
