"""Food rules: "everything nut-free", "no nuts please", "nothing with gluten". Each is an
exclusion of that food (scope ``diet``), and unlike another exclusion it is passed on to
whoever brings or makes the food: a bake sale's bakers, a party's caterer (found as a user:
"no nut products" left nuts out of a bake sale's plan, and no baker was ever told)."""

from __future__ import annotations

import re

from planloop.constraints.model import Constraint, ConstraintSet
from planloop.terms import clean

# each food said, as the rule names it: "peanuts" are nuts, "milk" is dairy
_FOODS = {
    "nut": "nut", "nuts": "nut", "peanut": "nut", "peanuts": "nut", "gluten": "gluten",
    "wheat": "gluten", "dairy": "dairy", "milk": "dairy", "lactose": "dairy", "egg": "egg",
    "eggs": "egg", "sesame": "sesame", "soy": "soy", "soya": "soy", "coeliac": "gluten",
    "celiac": "gluten", "lactose intolerant": "dairy",
}  # fmt: skip
_FOOD = r"(?:peanuts?|nuts?|gluten|wheat|dairy|milk|lactose|eggs?|sesame|soya?)"
# "no eggs" is a rule where the food ends the phrase; "no egg hunt" is a thing ruled out
_ENDS = rf"(?=\s?(?:products|traces|please|allowed|at\sall|[.,;:!?)]|$|\s(?:and|or)\s{_FOOD}))"
_RULE = re.compile(
    rf"\b(?P<free>{_FOOD})[\s-]free\b"
    rf"|\b(?:no|without|nothing\s(?:with|containing))\s(?:any\s)?(?P<no>{_FOOD}){_ENDS}"
    r"(?:\s(?:products|traces))?"
    # an allergy or an intolerance is a rule for everyone's food (found as a user: "one
    # guest has a nut allergy" was read as nothing)
    rf"|\b(?P<allergy>{_FOOD})\s(?:allerg(?:y|ies)|intolerance)\b"
    rf"|\b(?:allergic|intolerant)\sto\s(?P<to>{_FOOD})\b"
    r"|\b(?P<coeliac>coeliac|celiac|lactose\sintolerant)\b",
    re.I,
)
# foods said together: "nut- and gluten-free", "no eggs or milk", "nuts, eggs and sesame"
_RUN = re.compile(rf"{_FOOD}(?:-?(?:,\s|\s(?:and|or)\s)(?:no\s)?{_FOOD})+", re.I)


def read_diets(text: str, source: str) -> list[Constraint]:
    """Each food rule in ``text``, once per food."""
    foods: dict[str, tuple[int, str]] = {}  # each food: where it is said first, and how
    rules = list(_RULE.finditer(text))
    for m in rules:
        food = next(g for g in (m["free"], m["no"], m["allergy"], m["to"], m["coeliac"]) if g)
        foods.setdefault(_FOODS[food.lower()], (m.start(), clean(m.group(0))))
    for run in _RUN.finditer(text):
        for m in (m for m in rules if m.start() <= run.end() and run.start() <= m.end()):
            said = clean(text[min(m.start(), run.start()) : max(m.end(), run.end())])
            for food in re.finditer(_FOOD, run.group(0), re.I):
                foods[_FOODS[food.group(0).lower()]] = (run.start() + food.start(), said)
    return [
        Constraint(kind="exclusion", text=said, source=source, subject=food, scope="diet")
        for food, (_, said) in sorted(foods.items(), key=lambda f: f[1][0])
    ]


def overlaps(a: Constraint, b: Constraint) -> bool:
    """Whether two readings are of the same words ("no nuts please" and "no nuts")."""
    x, y = a.text.lower(), b.text.lower()
    return x in y or y in x


def food_rules(cs: ConstraintSet) -> list[Constraint]:
    """The food rules in force (each food once: the exclusions hold one per subject)."""
    return [c for c in cs.exclusions if c.scope == "diet"]


def rule_of(c: Constraint) -> str:
    """How a food rule is said to whoever brings the food: "nut-free"."""
    return f"{c.subject}-free"
