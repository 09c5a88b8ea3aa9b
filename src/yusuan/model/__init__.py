"""The model: Money, Provenance, Document, Disclosure, Claim, Finding, Budget, Publication.

Imports nothing else of ours."""

from yusuan.model.disclosure import (
    SUBTOTAL,
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
from yusuan.model.nesting import is_breakdown, top_rows
from yusuan.model.provenance import Provenance
from yusuan.model.publication import (
    HeadCell,
    PubBlock,
    PubCell,
    PubHeading,
    Publication,
    PubParagraph,
    PubRow,
    PubTable,
    PubToc,
)

__all__ = [
    "SUBTOTAL",
    "Block",
    "BudgetTable",
    "Cell",
    "Claim",
    "Column",
    "Direction",
    "Disclosure",
    "Document",
    "Finding",
    "HeadCell",
    "Heading",
    "Indicator",
    "Money",
    "Paragraph",
    "Percent",
    "Provenance",
    "PubBlock",
    "PubCell",
    "PubHeading",
    "PubParagraph",
    "PubRow",
    "PubTable",
    "PubToc",
    "Publication",
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
    "is_breakdown",
    "nonzero",
    "parse_decimal",
    "tolerance",
    "top_rows",
]
