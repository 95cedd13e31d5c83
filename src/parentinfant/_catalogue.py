"""Risk factors and the catalogue a team screens against (R-SC-2, R-SC-3)."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from typing import Any, TypeVar, final

import attrs

from parentinfant._coded import CodedCatalogue
from parentinfant._validate import non_empty_text, stable_code
from parentinfant.errors import InvalidDocument, InvalidPolicy, Problem, UnknownRiskFactor

__all__ = ["DEFAULT_RISK_FACTORS", "RiskFactor", "RiskFactorCatalogue"]

_T = TypeVar("_T")


_check_code = stable_code(InvalidPolicy, "R-SC-3", "domestic-abuse")


def _check_significant(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidPolicy(attribute.name, "must be True or False", value, rule="R-SC-3")


@final
@attrs.frozen(order=False)
class RiskFactor:
    """A recognised risk to the caregiving relationship (R-SC-2).

    Args:
        code: A stable identifier, lower-case words joined by hyphens; it is
            what referrals, files and exports carry.
        label: The words people read.
        significant: Significant factors are enough on their own; minor ones
            add up (R-SC-3).
        domain: The area the factor belongs to (``"parent"``, ``"infant"``,
            ``"relationship"``, ``"circumstances"``), for grouping in reports.

    Raises:
        InvalidPolicy: When the code or label is malformed.

    Examples:
        >>> RiskFactor("domestic-abuse", "domestic abuse", significant=True)
        RiskFactor(code='domestic-abuse', label='domestic abuse', significant=True, domain=None)
        >>> RiskFactor("Domestic Abuse", "domestic abuse", True)
        Traceback (most recent call last):
        ...
        parentinfant.errors.InvalidPolicy: code must be lower-case words joined by hyphens, like 'domestic-abuse' (R-SC-3), got 'Domestic Abuse'
    """

    code: str = attrs.field(validator=_check_code)
    label: str = attrs.field(validator=non_empty_text(InvalidPolicy, "R-SC-3"))
    significant: bool = attrs.field(validator=_check_significant)
    domain: str | None = attrs.field(
        default=None,
        kw_only=True,
        validator=attrs.validators.optional(non_empty_text(InvalidPolicy, "R-SC-3")),
    )

    def __str__(self) -> str:
        return self.label


@final
class RiskFactorCatalogue(CodedCatalogue[RiskFactor]):
    """A team's list of risk factors, keyed by code; a value, never changed in place.

    Look-ups of unknown codes raise `UnknownRiskFactor`
    naming the code. ``with_factors`` and ``without`` return new catalogues, so a
    team can start from `DEFAULT_RISK_FACTORS` and adjust it, or load its
    own from TOML with `from_toml`. Build one from its factors, in the order
    reports should list them.

    Raises:
        InvalidPolicy: When two factors share a code.

    Examples:
        >>> cat = RiskFactorCatalogue([RiskFactor("a", "first", True), RiskFactor("b", "second", False)])
        >>> len(cat), cat["a"].label, [f.code for f in cat.minor]
        (2, 'first', ['b'])
        >>> cat.resolve(["b", "a", "b"])
        (RiskFactor(code='b', label='second', significant=False, domain=None), RiskFactor(code='a', label='first', significant=True, domain=None))
    """

    __slots__ = ()
    _item = RiskFactor
    _field = "factors"
    _error = InvalidPolicy
    _rule = "R-SC-3"

    def _unknown(self, code: str) -> Exception:
        return UnknownRiskFactor(
            "risk_factor", "must be a code in the catalogue", code, rule="R-SC-3"
        )

    def __repr__(self) -> str:
        return f"RiskFactorCatalogue({len(self)} factor{'s' if len(self) != 1 else ''})"

    @property
    def factors(self) -> tuple[RiskFactor, ...]:
        """Every factor, in catalogue order.

        Examples:
            >>> DEFAULT_RISK_FACTORS.factors[0].code
            'parental-severe-mental-illness'
        """
        return tuple(self._by_code.values())

    @property
    def significant(self) -> tuple[RiskFactor, ...]:
        """The significant factors (R-SC-3).

        Examples:
            >>> all(f.significant for f in DEFAULT_RISK_FACTORS.significant)
            True
        """
        return tuple(f for f in self._by_code.values() if f.significant)

    @property
    def minor(self) -> tuple[RiskFactor, ...]:
        """The minor factors (R-SC-3).

        Examples:
            >>> any(f.significant for f in DEFAULT_RISK_FACTORS.minor)
            False
        """
        return tuple(f for f in self._by_code.values() if not f.significant)

    def resolve(self, codes: Iterable[str]) -> tuple[RiskFactor, ...]:
        """The factors for ``codes``, each once, in the order first named.

        Raises:
            UnknownRiskFactor: Naming every code the catalogue lacks.

        Examples:
            >>> DEFAULT_RISK_FACTORS.resolve(["domestic-abuse"])[0].significant
            True
            >>> DEFAULT_RISK_FACTORS.resolve(["domestic-abuse", "tarot", "runes"])
            Traceback (most recent call last):
            ...
            parentinfant.errors.UnknownRiskFactor: risk_factors must be codes in the catalogue (R-SC-3), got ('tarot', 'runes')
        """
        if isinstance(codes, str):
            raise UnknownRiskFactor(
                "risk_factors",
                "must be a collection of codes, not one string",
                codes,
                rule="R-SC-3",
            )
        found: dict[str, RiskFactor] = {}
        unknown: list[str] = []
        for code in codes:
            factor = self._by_code.get(code)
            if factor is None:
                if code not in unknown:
                    unknown.append(code)
            else:
                found.setdefault(code, factor)
        if unknown:
            raise UnknownRiskFactor(
                "risk_factors", "must be codes in the catalogue", tuple(unknown), rule="R-SC-3"
            )
        return tuple(found.values())

    def with_factors(self, *factors: RiskFactor) -> RiskFactorCatalogue:
        """A new catalogue with ``factors`` added, replacing any with the same code.

        Examples:
            >>> bigger = DEFAULT_RISK_FACTORS.with_factors(RiskFactor("parent-in-prison", "a parent in prison", True))
            >>> len(bigger) == len(DEFAULT_RISK_FACTORS) + 1
            True
            >>> DEFAULT_RISK_FACTORS.with_factors(RiskFactor("social-isolation", "isolated", True))["social-isolation"].significant
            True
        """
        merged = dict(self._by_code)
        for factor in factors:
            merged[factor.code] = factor
        return RiskFactorCatalogue(merged.values())

    def without(self, *codes: str) -> RiskFactorCatalogue:
        """A new catalogue without the factors named.

        Raises:
            UnknownRiskFactor: When a code is not in the catalogue.

        Examples:
            >>> len(DEFAULT_RISK_FACTORS.without("social-isolation")) == len(DEFAULT_RISK_FACTORS) - 1
            True
        """
        self.resolve(codes)
        return RiskFactorCatalogue(f for f in self._by_code.values() if f.code not in codes)

    def to_toml(self) -> str:
        """This catalogue as TOML text that `from_toml` reads back exactly.

        Examples:
            >>> cat = RiskFactorCatalogue([RiskFactor("a", 'say "hi"', True, domain="parent")])
            >>> print(cat.to_toml())
            [[factors]]
            code = "a"
            label = "say \\"hi\\""
            significant = true
            domain = "parent"
            <BLANKLINE>
            >>> RiskFactorCatalogue.from_toml(cat.to_toml()) == cat
            True
        """
        blocks = []
        for f in self._by_code.values():
            lines = [
                "[[factors]]",
                f"code = {_toml_string(f.code)}",
                f"label = {_toml_string(f.label)}",
                f"significant = {'true' if f.significant else 'false'}",
            ]
            if f.domain is not None:
                lines.append(f"domain = {_toml_string(f.domain)}")
            blocks.append("\n".join(lines) + "\n")
        return "\n".join(blocks)

    @classmethod
    def from_toml(cls, text: str, *, source: str = "catalogue") -> RiskFactorCatalogue:
        """Read a catalogue from TOML text, reporting every problem at once.

        The document holds an array of ``[[factors]]`` tables with ``code``,
        ``label``, ``significant`` and an optional ``domain``. With
        ``extends = "default"`` at the top, the factors are laid over
        `DEFAULT_RISK_FACTORS` (same code replaces, new code adds), and
        ``remove = ["code", ...]`` drops defaults the team does not use.

        Args:
            text: The TOML document.
            source: A name for the document in error messages (a file name).

        Raises:
            InvalidDocument: Listing every problem with its key path.

        Examples:
            >>> text = '''
            ... extends = "default"
            ... remove = ["housing-problems"]
            ... [[factors]]
            ... code = "parent-in-prison"
            ... label = "a parent in prison"
            ... significant = true
            ... '''
            >>> cat = RiskFactorCatalogue.from_toml(text)
            >>> "parent-in-prison" in cat, "housing-problems" in cat
            (True, False)
            >>> RiskFactorCatalogue.from_toml('[[factors]]\\ncode = "X"\\nsignificant = "yes"', source="team.toml")
            Traceback (most recent call last):
            ...
            parentinfant.errors.InvalidDocument: team.toml: 3 problems
              factors[0].code: code must be lower-case words joined by hyphens, like 'domestic-abuse' (R-SC-3), got 'X'
              factors[0].label: is required
              factors[0].significant: must be true or false, got 'yes'
        """
        try:
            document = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise InvalidDocument(
                source, [Problem("(document)", f"is not valid TOML: {exc}")]
            ) from None
        problems: list[Problem] = []
        unknown_keys = set(document) - {"extends", "remove", "factors"}
        problems.extend(Problem(key, "is not a catalogue key") for key in sorted(unknown_keys))
        base = RiskFactorCatalogue()
        extends = document.get("extends")
        if extends is not None:
            if extends == "default":
                base = DEFAULT_RISK_FACTORS
            else:
                problems.append(Problem("extends", f'must be "default", got {extends!r}'))
        entries = document.get("factors", [])
        factors: list[RiskFactor] = []
        if not isinstance(entries, list):
            problems.append(Problem("factors", "must be an array of tables ([[factors]])"))
            entries = []
        seen: dict[str, int] = {}
        for index, entry in enumerate(entries):
            factor = _factor_from_table(entry, f"factors[{index}]", problems)
            if factor is None:
                continue
            if factor.code in seen:
                problems.append(
                    Problem(
                        f"factors[{index}].code",
                        f"repeats the code of factors[{seen[factor.code]}], got {factor.code!r}",
                    )
                )
                continue
            seen[factor.code] = index
            factors.append(factor)
        remove = document.get("remove", [])
        if not isinstance(remove, list) or not all(isinstance(c, str) for c in remove):
            problems.append(Problem("remove", f"must be a list of codes, got {remove!r}"))
            remove = []
        removed: dict[str, int] = {}
        for index, code in enumerate(remove):
            if code in removed:
                problems.append(
                    Problem(f"remove[{index}]", f"repeats remove[{removed[code]}], got {code!r}")
                )
            elif code in seen:
                problems.append(
                    Problem(
                        f"remove[{index}]",
                        f"removes the factor that factors[{seen[code]}] defines, got {code!r}",
                    )
                )
            elif code not in base:
                problems.append(
                    Problem(f"remove[{index}]", f"names no factor in the catalogue, got {code!r}")
                )
            removed.setdefault(code, index)
        merged = base.with_factors(*factors)
        result = merged.without(*removed) if removed and not problems else merged
        if not problems and not result:
            # A catalogue with no factors would leave every referral unscreenable.
            problems.append(Problem("factors", "must leave at least one risk factor"))
        if problems:
            raise InvalidDocument(source, problems)
        return result


def _factor_from_table(entry: object, where: str, problems: list[Problem]) -> RiskFactor | None:
    if not isinstance(entry, dict):
        problems.append(Problem(where, f"must be a table, got {entry!r}"))
        return None
    start = len(problems)
    for key in sorted(set(entry) - {"code", "label", "significant", "domain"}):
        problems.append(Problem(f"{where}.{key}", "is not a risk-factor key"))
    values: dict[str, Any] = {}
    for key, kind in (("code", str), ("label", str), ("significant", bool), ("domain", str)):
        if key not in entry:
            if key != "domain":
                problems.append(Problem(f"{where}.{key}", "is required"))
            continue
        value = entry[key]
        if not isinstance(value, kind):
            wanted = "true or false" if kind is bool else "text"
            problems.append(Problem(f"{where}.{key}", f"must be {wanted}, got {value!r}"))
            continue
        try:
            if key == "code":
                _check_code(None, attrs.fields(RiskFactor).code, value)
            elif key in ("label", "domain"):
                non_empty_text(InvalidPolicy, "R-SC-3")(
                    None, getattr(attrs.fields(RiskFactor), key), value
                )
        except InvalidPolicy as exc:
            problems.append(Problem(f"{where}.{key}", str(exc)))
            continue
        values[key] = value
    if len(problems) > start:
        return None
    return RiskFactor(
        values["code"], values["label"], values["significant"], domain=values.get("domain")
    )


def _toml_string(text: str) -> str:
    escaped = []
    for char in text:
        if char == "\\":
            escaped.append("\\\\")
        elif char == '"':
            escaped.append('\\"')
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04x}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def _factor(code: str, label: str, significant: bool, domain: str) -> RiskFactor:
    return RiskFactor(code, label, significant, domain=domain)


DEFAULT_RISK_FACTORS: RiskFactorCatalogue = RiskFactorCatalogue(
    [
        # Significant: one is enough for eligibility by default (R-SC-3).
        _factor(
            "parental-severe-mental-illness", "a parent's severe mental illness", True, "parent"
        ),
        _factor(
            "perinatal-mental-illness",
            "a parent's moderate to severe perinatal mental illness",
            True,
            "parent",
        ),
        _factor("substance-misuse", "a parent's drug or alcohol misuse", True, "parent"),
        _factor("domestic-abuse", "domestic abuse", True, "circumstances"),
        _factor("parent-care-experienced", "a parent's own childhood in care", True, "parent"),
        _factor(
            "parent-childhood-abuse",
            "a parent's own experience of childhood abuse or neglect",
            True,
            "parent",
        ),
        _factor(
            "previous-child-removed",
            "a previous child removed from the parents' care",
            True,
            "circumstances",
        ),
        _factor(
            "child-protection-concern",
            "a child protection plan or safeguarding concern for the infant",
            True,
            "circumstances",
        ),
        _factor("neonatal-unit-stay", "the infant's stay in a neonatal unit", True, "infant"),
        _factor(
            "observed-relationship-difficulty",
            "observed difficulty in the parent-infant relationship",
            True,
            "relationship",
        ),
        _factor("parent-learning-disability", "a parent's learning disability", True, "parent"),
        # Minor: they add up; four together are enough by default (R-SC-3).
        _factor("very-young-parent", "a very young parent", False, "parent"),
        _factor(
            "mild-moderate-mental-health",
            "a parent's mild to moderate mental health difficulty",
            False,
            "parent",
        ),
        _factor("traumatic-birth", "a traumatic birth or pregnancy", False, "parent"),
        _factor(
            "perinatal-loss", "a previous miscarriage, stillbirth or infant death", False, "parent"
        ),
        _factor("bereavement", "a recent bereavement", False, "circumstances"),
        _factor("infant-prematurity", "premature birth or low birth weight", False, "infant"),
        _factor(
            "infant-disability",
            "the infant's disability or long-term health condition",
            False,
            "infant",
        ),
        _factor(
            "infant-regulation-difficulty",
            "the infant's feeding, sleeping or crying difficulties",
            False,
            "infant",
        ),
        _factor(
            "unplanned-pregnancy", "an unplanned or unwanted pregnancy", False, "relationship"
        ),
        _factor("parental-conflict", "conflict between the parents", False, "relationship"),
        _factor(
            "lone-parent-unsupported", "a lone parent without support", False, "circumstances"
        ),
        _factor("social-isolation", "social isolation", False, "circumstances"),
        _factor("housing-problems", "housing problems or homelessness", False, "circumstances"),
        _factor("financial-stress", "financial stress or debt", False, "circumstances"),
        _factor(
            "recent-migration",
            "recent migration, asylum seeking or no recourse to public funds",
            False,
            "circumstances",
        ),
        _factor(
            "parent-physical-illness", "a parent's physical illness or disability", False, "parent"
        ),
        _factor(
            "criminal-justice",
            "a parent's involvement with the criminal justice system",
            False,
            "circumstances",
        ),
        _factor("multiple-birth", "twins or more", False, "infant"),
    ]
)
"""The default catalogue: a starting point that every team must review.

It covers the usual perinatal domains (the parent's mental health, substance
use and history; abuse and safeguarding; the infant's health and prematurity;
the relationship; housing, money and isolation) and splits them into
significant and minor in the way R-SC-2 describes. The split here is this
project's judgement, not a clinical standard: a team should check it against
its own criteria, then adjust it with
`RiskFactorCatalogue.with_factors` and `RiskFactorCatalogue.without`,
or replace it with its own TOML file (`RiskFactorCatalogue.from_toml`).
"""
