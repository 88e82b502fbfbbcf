"""Classification of detainees into the six treatment categories of the Concept (000).

Pure: no Flask, no database. `classify(values)` takes one canonical record
(column -> value, see shared/spec/record-format.md) and returns a
`Classification` with its category, the rule and measure behind it, the rules
tried before it, the empty fields that could change it, the Coalition
eligibility and the rule-set version. The rules and the RF Criminal Code
article table are data files in `data/`.
"""

from exchange.classification.articles import Article, ArticleTable, Nature, Proposal, article_table
from exchange.classification.eligibility import Eligibility, EligibilityStatus, assess_eligibility
from exchange.classification.engine import classify, fields_read
from exchange.classification.result import Classification
from exchange.classification.rules import RuleSet, ruleset
from exchange.domain.charges import Charge, ChargesError, format_charges, parse_charges
from exchange.models.enums import Category

__all__ = [
    "Article",
    "ArticleTable",
    "Category",
    "Charge",
    "ChargesError",
    "Classification",
    "Eligibility",
    "EligibilityStatus",
    "Nature",
    "Proposal",
    "RuleSet",
    "article_table",
    "assess_eligibility",
    "classify",
    "fields_read",
    "format_charges",
    "parse_charges",
    "ruleset",
]
