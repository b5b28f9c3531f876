"""Every capability's models, imported once so SQLAlchemy and Alembic see the whole schema."""
from app.auth.models import ApiToken, Invitation  # noqa: F401
from app.documents.models import Document, RenderedClause, Version, VersionClause  # noqa: F401
from app.members.models import Organisation, Person, Service, Signature  # noqa: F401
from app.amendments.models import Amendment, AmendmentEvent, AmendmentRevision  # noqa: F401
from app.members.application_models import Application, MembershipRules  # noqa: F401
from app.votes.models import Ballot, BallotEvent, Vote  # noqa: F401
from app.comments.models import Comment, CommentAnchor, CommentEdit  # noqa: F401
from app.notifications.models import Notification  # noqa: F401
from app.caching.models import Generation  # noqa: F401
from app.audit.models import AuditEntry, RefusalRepeat  # noqa: F401
from app.mail.models import MailPreference, OutboxMail  # noqa: F401
from app.search.models import SearchEntry  # noqa: F401
from app.watches.models import Watch  # noqa: F401
