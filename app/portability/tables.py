"""Which tables an archive holds, under which file names, in the order an import needs them."""
from __future__ import annotations

from app.amendments.models import AmendmentEvent, AmendmentRevision
from app.audit.models import AuditEntry, RefusalRepeat
from app.comments.models import Comment, CommentAnchor, CommentEdit
from app.mail.models import MailPreference
from app.applications.models import Application, MembershipRules
from app.members.models import Organisation, Person, Service, Signature
from app.record.models import BallotReceipt
from app.variants.models import VariantMember, VariantSet
from app.votes.models import Ballot, BallotEvent, Vote, VoteElector, VoteProxy

# Written before the documents: what documents and versions point at.
# Applications to join come with them: membership votes and comments point at them.
# Mail preferences are which kinds of mail each person turned off and whether they want a digest:
# nothing secret (the outbox, API tokens and invitations stay out of the archive).
PEOPLE_TABLES = {"organisations.json": Organisation, "services.json": Service, "people.json": Person,
                 "mail_preferences.json": MailPreference, "signatures.json": Signature,
                 "applications.json": Application, "membership_rules.json": MembershipRules}
# Written after every version exists. Comment anchors are exported rather than recomputed: replaying
# the re-anchoring would need every comment and version interleaved in their original order.
# Sets of competing amendments come before the votes whose subjects they are.
RECORD_TABLES = {"amendment_revisions.json": AmendmentRevision, "amendment_events.json": AmendmentEvent,
                 "variant_sets.json": VariantSet, "variant_members.json": VariantMember, "votes.json": Vote, "vote_electors.json": VoteElector, "vote_proxies.json": VoteProxy,
                 "ballots.json": Ballot, "ballot_events.json": BallotEvent, "ballot_receipts.json": BallotReceipt,
                 "comments.json": Comment, "comment_edits.json": CommentEdit, "comment_anchors.json": CommentAnchor,
                 "audit_log.json": AuditEntry, "audit_refusal_repeats.json": RefusalRepeat}
# Files added after the first archives were made: an older archive imports without them.
LATER_FILES = frozenset({"mail_preferences.json", "audit_refusal_repeats.json", "ballot_receipts.json",
                         "vote_electors.json", "vote_proxies.json", "variant_sets.json", "variant_members.json"})
