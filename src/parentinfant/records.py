"""Records and information governance (DOMAIN.md section 9, R-CL-3, R-CL-4).

Whose name a record is in and what it is called over time (R-REC-2, R-REC-3),
who may see what of it (R-REC-4), what may be shared with whom (R-REC-1),
consultation records (R-REC-6), the team's record-keeping policy (R-REC-7),
and what is reported: non-clinical activity (R-CL-3), outcome measures and
anonymised exports (R-CL-4). It starts with where a record lives. Teams
hosted by CAMHS, health visiting or children's social care keep records in
the **child's** name; teams in perinatal (adult) mental health or charities
keep them in a **parent's** name (R-REC-2). In a child-named system an antenatal referral is
recorded as "Baby of [mother's name]" until the baby is born and named
(R-REC-3).

Examples:
    >>> import datetime as dt
    >>> from parentinfant.family import Family, Infant, Parent
    >>> from parentinfant.records import HostSetting, record_holder_for, record_name
    >>> family = Family(parents=[Parent("Amira Haddad", "mother")],
    ...                 infant=Infant.unborn(dt.date(2027, 2, 14)))
    >>> holder = record_holder_for(HostSetting.HEALTH_VISITING)
    >>> holder.value
    'child'
    >>> record_name(family, holder)
    'Baby of Amira Haddad'
"""

from __future__ import annotations

import datetime as dt
import enum

from parentinfant._access import (
    AccessRefused,
    ChildRequester,
    CommissionerRequester,
    ParentRequester,
    Person,
    PersonKind,
    PractitionerRequester,
    Record,
    RecordEntry,
    RecordView,
    Redaction,
    Requester,
    UntaggedMention,
    untagged_mentions,
    view,
)
from parentinfant._activity import (
    ActivityRecord,
    ActivityReport,
    ActivityRow,
    ActivityTotals,
    NonClinicalActivity,
    Period,
    ReportPeriod,
    activity_report,
)
from parentinfant._anonymise import (
    AgeBand,
    AggregateTable,
    AnonymisedFamily,
    AnonymisedParent,
    FamilyRecord,
    OutcomeChange,
    aggregate,
    anonymise,
    anonymise_all,
    export_rows,
    to_csv_text,
)
from parentinfant._consultation import (
    DEFAULT_ACCOUNTABILITY,
    ConsultationActivity,
    ConsultationRecord,
    Escalation,
    EscalationKind,
    FamilyConsent,
    NotesLocation,
    TimeCounted,
    consultation_activity,
    escalate,
)
from parentinfant._k_anonymity import (
    DEFAULT_SUPPRESSION_THRESHOLD,
    QUASI_IDENTIFIERS,
    SUPPRESSED,
    KAnonymityReport,
    k_anonymise,
)
from parentinfant._nhs_number import NhsNumber, is_valid_nhs_number
from parentinfant._outcomes import (
    DEFAULT_MEASURES,
    Change,
    ChangeScores,
    Measure,
    MeasureCatalogue,
    Score,
    Timepoint,
    UnknownMeasure,
    Unpaired,
    UnpairedReason,
    change_scores,
)
from parentinfant._record_keeping import (
    Contact,
    ContactKind,
    OverdueNote,
    RecordIdentity,
    RecordKeepingPolicy,
    RecordVersion,
    contacts_needing_notes,
    notes_overdue,
    open_record,
)
from parentinfant._sharing import (
    Consent,
    InformationKind,
    RecipientKind,
    RefusalCode,
    SharingAllowed,
    SharingAllowedForSafeguarding,
    SharingDecision,
    SharingRecipient,
    SharingRefused,
    audit_lines,
    decide_notification,
    decide_sharing,
    notification_consent,
)
from parentinfant._validate import parse_enum
from parentinfant.errors import InvalidPolicy
from parentinfant.family import Family, Parent, ParentRole

__all__ = [
    "DEFAULT_ACCOUNTABILITY",
    "DEFAULT_MEASURES",
    "DEFAULT_SUPPRESSION_THRESHOLD",
    "QUASI_IDENTIFIERS",
    "SUPPRESSED",
    "AccessRefused",
    "ActivityRecord",
    "ActivityReport",
    "ActivityRow",
    "ActivityTotals",
    "AgeBand",
    "AggregateTable",
    "AnonymisedFamily",
    "AnonymisedParent",
    "Change",
    "ChangeScores",
    "ChildRequester",
    "CommissionerRequester",
    "Consent",
    "ConsultationActivity",
    "ConsultationRecord",
    "Contact",
    "ContactKind",
    "Escalation",
    "EscalationKind",
    "FamilyConsent",
    "FamilyRecord",
    "HostSetting",
    "InformationKind",
    "KAnonymityReport",
    "Measure",
    "MeasureCatalogue",
    "NhsNumber",
    "NonClinicalActivity",
    "NotesLocation",
    "OutcomeChange",
    "OverdueNote",
    "ParentRequester",
    "Period",
    "Person",
    "PersonKind",
    "PractitionerRequester",
    "RecipientKind",
    "Record",
    "RecordEntry",
    "RecordHolder",
    "RecordIdentity",
    "RecordKeepingPolicy",
    "RecordVersion",
    "RecordView",
    "Redaction",
    "RefusalCode",
    "ReportPeriod",
    "Requester",
    "Score",
    "SharingAllowed",
    "SharingAllowedForSafeguarding",
    "SharingDecision",
    "SharingRecipient",
    "SharingRefused",
    "TimeCounted",
    "Timepoint",
    "UnknownMeasure",
    "Unpaired",
    "UnpairedReason",
    "UntaggedMention",
    "activity_report",
    "aggregate",
    "anonymise",
    "anonymise_all",
    "audit_lines",
    "change_scores",
    "consultation_activity",
    "contacts_needing_notes",
    "decide_notification",
    "decide_sharing",
    "escalate",
    "export_rows",
    "is_valid_nhs_number",
    "k_anonymise",
    "notes_overdue",
    "notification_consent",
    "open_record",
    "record_date_of_birth",
    "record_holder_for",
    "record_holder_reason",
    "record_name",
    "to_csv_text",
    "untagged_mentions",
    "view",
]


class RecordHolder(enum.Enum):
    """Whose name the record is in (R-REC-2).

    Examples:
        >>> RecordHolder("parent")
        <RecordHolder.PARENT: 'parent'>
    """

    CHILD = "child"
    PARENT = "parent"


class HostSetting(enum.Enum):
    """Where the team sits, which decides whose name its records are in (R-REC-2).

    Examples:
        >>> HostSetting("perinatal-mental-health").value
        'perinatal-mental-health'
    """

    CAMHS = "camhs"
    HEALTH_VISITING = "health-visiting"
    CHILDRENS_SOCIAL_CARE = "childrens-social-care"
    PERINATAL_MENTAL_HEALTH = "perinatal-mental-health"
    CHARITY = "charity"


_HOLDERS = {
    HostSetting.CAMHS: RecordHolder.CHILD,
    HostSetting.HEALTH_VISITING: RecordHolder.CHILD,
    HostSetting.CHILDRENS_SOCIAL_CARE: RecordHolder.CHILD,
    HostSetting.PERINATAL_MENTAL_HEALTH: RecordHolder.PARENT,
    HostSetting.CHARITY: RecordHolder.PARENT,
}


def record_holder_for(setting: HostSetting | str) -> RecordHolder:
    """Whose name a team in ``setting`` keeps its records in (R-REC-2).

    Child-named records follow the child (into care, for example); parent-named
    records keep the child, and an abusive or separated parent, out of the
    notes and link safeguarding across children with different surnames.

    Examples:
        >>> record_holder_for("charity").value
        'parent'
        >>> record_holder_for("camhs").value
        'child'
    """
    return _HOLDERS[parse_enum(HostSetting, setting, "setting", InvalidPolicy, "R-REC-2")]


_HOLDER_REASONS = {
    RecordHolder.CHILD: (
        "the team sits in {setting}, which keeps records in the child's name: the record "
        "follows the child, for example into care (R-REC-2)"
    ),
    RecordHolder.PARENT: (
        "the team sits in {setting}, which keeps records in a parent's name: the child, and "
        "an abusive or separated parent, stay out of the notes, and safeguarding links "
        "across children with different surnames (R-REC-2)"
    ),
}

_SETTING_WORDS = {
    HostSetting.CAMHS: "CAMHS",
    HostSetting.HEALTH_VISITING: "health visiting",
    HostSetting.CHILDRENS_SOCIAL_CARE: "children's social care",
    HostSetting.PERINATAL_MENTAL_HEALTH: "perinatal (adult) mental health",
    HostSetting.CHARITY: "a charity",
}


def record_holder_reason(setting: HostSetting | str) -> str:
    """Why a team in ``setting`` keeps its records in that name, for people to read (R-REC-2).

    Examples:
        >>> print(record_holder_reason("health-visiting"))
        the team sits in health visiting, which keeps records in the child's name: the record follows the child, for example into care (R-REC-2)
    """
    where = parse_enum(HostSetting, setting, "setting", InvalidPolicy, "R-REC-2")
    return _HOLDER_REASONS[_HOLDERS[where]].format(setting=_SETTING_WORDS[where])


def _named_parent(family: Family) -> Parent:
    for parent in family.parents:
        if parent.role is ParentRole.MOTHER:
            return parent
    return family.parents[0]


def record_name(family: Family, holder: RecordHolder | str) -> str:
    """The name a family's record is filed under (R-REC-2, R-REC-3).

    In a child-named system: the baby's name once born and named, otherwise
    "Baby of [mother's name]" (the first parent's name when no mother is
    recorded). In a parent-named system: the mother's name, or the first
    parent's.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Family, Infant, Parent
        >>> born = Family(parents=[Parent("Tom Reid", "father"), Parent("Ama Reid", "mother")],
        ...               infant=Infant.born_on(dt.date(2026, 10, 2), name="Kofi Reid"))
        >>> record_name(born, "child"), record_name(born, "parent")
        ('Kofi Reid', 'Ama Reid')
    """
    who = parse_enum(RecordHolder, holder, "holder", InvalidPolicy, "R-REC-2")
    parent = _named_parent(family)
    if who is RecordHolder.PARENT:
        return parent.name
    if family.infant.born and family.infant.name:
        return family.infant.name
    return f"Baby of {parent.name}"


def record_date_of_birth(family: Family, holder: RecordHolder | str) -> dt.date | None:
    """The date of birth a record shows (R-REC-3).

    A child-named record of an unborn baby shows the expected due date until
    the baby is born; a parent-named record shows the parent's date of birth,
    if known.

    Examples:
        >>> import datetime as dt
        >>> from parentinfant.family import Family, Infant, Parent
        >>> fam = Family(parents=[Parent("Ama", "mother")], infant=Infant.unborn(dt.date(2027, 2, 14)))
        >>> record_date_of_birth(fam, "child")
        datetime.date(2027, 2, 14)
    """
    who = parse_enum(RecordHolder, holder, "holder", InvalidPolicy, "R-REC-3")
    if who is RecordHolder.PARENT:
        return _named_parent(family).date_of_birth
    infant = family.infant
    # Never None: an Infant holds a date of birth when born and a due date when not (R-IN-3).
    return infant.date_of_birth if infant.born else infant.expected_due_date
