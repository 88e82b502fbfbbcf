"""The registry's data model, one module per concept."""

from exchange.models.audit import AuditEntry
from exchange.models.base import Base
from exchange.models.charge import Charge
from exchange.models.detention import Detention
from exchange.models.enums import (
    BatchStatus,
    ChecklistStatus,
    EventSource,
    Exclusion,
    FacilityType,
    FlagKind,
    LegalStatus,
    MonthStatus,
    PersonStatus,
    ReleaseStatus,
    Role,
    Script,
    Sex,
    Stage,
)
from exchange.models.import_batch import ImportBatch
from exchange.models.list_month import ListMonth
from exchange.models.name_variant import NameVariant
from exchange.models.organisation import Organisation
from exchange.models.person import Person
from exchange.models.registry_version import RegistryVersion
from exchange.models.rehabilitation_item import RehabilitationItem
from exchange.models.repatriation_flag import RepatriationFlag
from exchange.models.review import (
    Decision,
    LinkChange,
    LinkChangeKind,
    MatchModelState,
    PairDecision,
    ReviewItem,
    ReviewStatus,
)
from exchange.models.round import Round, RoundState, RoundType
from exchange.models.round_entry import Outcome, ReplyStatus, RoundEntry
from exchange.models.round_file import FileKind, RoundFile
from exchange.models.round_file_row import MatchState, RoundFileRow
from exchange.models.round_version import RoundVersion
from exchange.models.saved_header_mapping import SavedHeaderMapping
from exchange.models.saved_value_mapping import SavedValueMapping
from exchange.models.sign_in import RecoveryCode, SignInThrottle
from exchange.models.source_record import SourceRecord
from exchange.models.status_event import StatusEvent
from exchange.models.user import User

__all__ = [
    "RecoveryCode",
    "SignInThrottle",
    "AuditEntry",
    "Base",
    "BatchStatus",
    "Charge",
    "ChecklistStatus",
    "Decision",
    "Detention",
    "EventSource",
    "Exclusion",
    "FacilityType",
    "FileKind",
    "FlagKind",
    "ImportBatch",
    "LegalStatus",
    "LinkChange",
    "LinkChangeKind",
    "ListMonth",
    "MatchState",
    "MatchModelState",
    "MonthStatus",
    "NameVariant",
    "Outcome",
    "Organisation",
    "PairDecision",
    "Person",
    "PersonStatus",
    "RegistryVersion",
    "RehabilitationItem",
    "ReleaseStatus",
    "ReplyStatus",
    "RepatriationFlag",
    "ReviewItem",
    "ReviewStatus",
    "Role",
    "Round",
    "RoundEntry",
    "RoundFile",
    "RoundFileRow",
    "RoundState",
    "RoundType",
    "RoundVersion",
    "SavedHeaderMapping",
    "SavedValueMapping",
    "Script",
    "SourceRecord",
    "StatusEvent",
    "Sex",
    "Stage",
    "User",
]
