"""Quantities: every number a statement states, as an `Observation`.

`observations_in_statement` is a pure function of one statement (plus the basis carried by
下同 and the reviewed year); `extract_observations` walks a report in order. The genre's
words and constructions are rules in kg_build/data/quantities.yaml (read through
`kg_build.lexicon.load("quantities")`, seen by the code through `vocab.Vocab`); unit
factors are in ontology/units.ttl (`units.load_units`).

How a statement is read, and where:
1. `finding`: spans that hold no quantity are masked (quotes, years, 十四五, 1+5, G325,
   500强, AA+, 第四代 …); in each clause (kg_build/extract/clauses.py) every number followed
   by a known unit is found (Arabic, Chinese or mixed; 近亿元 is 1 亿元), with its qualifier.
2. `changes`: ratio changes (由12.2:44.9:42.9优化至…) and level changes (由31.6%提升至54.9%)
   give a value at each end.
3. `judging`: thresholds (超亿元制造业项目), counts before their noun (2740个托位) and
   counts summing up a list (科技、产业等14支人才队伍新增…).
4. `groups`: a single value, a count before its noun, or values listed together (分别).
5. `phrases`: the indicator is the noun phrase before the number, as the report words it;
   `subjects`: the park, town or industry a number is about when not the region.
6. `drafts`: measure (level, growth, share, rank), sign, basis, period and status.
"""

from kg_build.extract.quantities.statement import (
    extract_observations,
    observations_in_statement,
)
from kg_build.extract.quantities.units import load_units, to_base

__all__ = ["extract_observations", "load_units", "observations_in_statement", "to_base"]
