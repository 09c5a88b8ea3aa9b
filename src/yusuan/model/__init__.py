"""The model: Money, Provenance, Document, Disclosure, Claim, Finding. Imports nothing else of ours."""

from yusuan.model.disclosure import (
    BudgetTable,
    Claim,
    Column,
    Direction,
    Disclosure,
    Indicator,
    TableKind,
    TableRow,
    TargetTable,
    TextBlock,
    UnitRow,
    YearMention,
    code_level,
)
from yusuan.model.document import Block, Cell, Document, Heading, Paragraph, TableBlock, TocEntry
from yusuan.model.finding import Finding, Severity
from yusuan.model.money import Money, Percent, Unit, agrees, format_amount, nonzero, parse_decimal, tolerance
from yusuan.model.provenance import Provenance

__all__ = [
    "Block",
    "BudgetTable",
    "Cell",
    "Claim",
    "Column",
    "Direction",
    "Disclosure",
    "Document",
    "Finding",
    "Heading",
    "Indicator",
    "Money",
    "Paragraph",
    "Percent",
    "Provenance",
    "Severity",
    "TableBlock",
    "TableKind",
    "TableRow",
    "TargetTable",
    "TextBlock",
    "TocEntry",
    "Unit",
    "UnitRow",
    "YearMention",
    "agrees",
    "code_level",
    "format_amount",
    "nonzero",
    "parse_decimal",
    "tolerance",
]
