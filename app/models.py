"""Every capability's models, imported once so SQLAlchemy and Alembic see the whole schema."""
from app.auth.models import AccountSession, ApiToken, Invitation, PasswordReset, RecoveryCode  # noqa: F401
from app.documents.models import Document, RenderedClause, Version, VersionClause  # noqa: F401
from app.members.models import Organisation, Person, Service, Signature  # noqa: F401
from app.amendments.models import Amendment, AmendmentEvent, AmendmentRevision  # noqa: F401
from app.applications.models import Application, MembershipRules  # noqa: F401
from app.votes.models import Ballot, BallotEvent, Vote, VoteElector, VoteProxy  # noqa: F401
from app.comments.models import Comment, CommentAnchor, CommentEdit  # noqa: F401
from app.notifications.models import Notification  # noqa: F401
from app.caching.models import Generation  # noqa: F401
from app.collective.models import Collective  # noqa: F401
from app.audit.models import AuditEntry, RefusalRepeat  # noqa: F401
from app.mail.models import MailPreference, OutboxMail  # noqa: F401
from app.record.models import BallotReceipt  # noqa: F401,E402
from app.record import triggers  # noqa: F401,E402  (the append-only triggers follow create_all)
from app.search.models import SearchEntry  # noqa: F401
from app.watches.models import Watch  # noqa: F401
from app.variants.models import VariantMember, VariantSet  # noqa: F401
