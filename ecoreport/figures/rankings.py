"""Rankings: sections within their groups by TP, sections by CWQI, and the child organizations."""

from __future__ import annotations

from decimal import Decimal

from ecoreport.accounts.models import Subtree
from ecoreport.figures.results import GroupMembers, GroupRanking, RankEntry, Rankings, SectionFigures
from ecoreport.figures.water import mean_cwqi
from indicators.standards.rounding import change_pct


def rankings(
    tree: Subtree,
    sections: dict[int, SectionFigures],
    groups: dict[str, GroupMembers],
    section_rows: list[dict],
    child_air: dict[int, tuple[int | None, Decimal | None]],
) -> Rankings:
    """The rankings of ``Rankings``; ``child_air`` is each direct child's (PM2.5, good rate)."""
    in_scope = [s for s in sections.values() if s.in_scope]
    found = Rankings(
        section_groups=[_group_ranking(name, members, sections) for name, members in groups.items()],
        section_cwqi=_ranked([(s.code, s.name, s.cwqi, True) for s in in_scope]),
    )
    if tree.child_subtrees:
        pm25, rates, cwqi_changes = [], [], []
        sections_of = _in_scope_by_child(tree, section_rows, in_scope)
        for child in tree.child_subtrees:
            code, name = tree.codes[child], tree.names[child]
            child_pm25, child_rate = child_air[child]
            pm25.append((code, name, child_pm25, True))
            rates.append((code, name, child_rate, True))
            child_sections = sections_of.get(child, [])
            change = change_pct(mean_cwqi(child_sections, "cwqi"), mean_cwqi(child_sections, "cwqi_prev"))
            cwqi_changes.append((code, name, change, True))
        found.orgs_by_pm25 = _ranked(pm25)
        found.orgs_by_good_rate = _ranked(rates, descending=True)
        found.orgs_by_cwqi_change = _ranked(cwqi_changes)
    return found


def _group_ranking(name: str, members: GroupMembers, sections: dict[int, SectionFigures]) -> GroupRanking:
    entries = _ranked([(sections[pk].code, sections[pk].name, sections[pk].tp, sections[pk].in_scope)
                       for pk in members.ids])  # fmt: skip
    with_data = sum(1 for entry in entries if entry.value is not None)
    return GroupRanking(group=name, entries=entries, members=members.size or len(members.ids), with_data=with_data)


def _ranked(entries: list[tuple[str, str, object, bool]], *, descending: bool = False) -> list[RankEntry]:
    """Competition ranking (1, 1, 3): equal values share a rank; entries without a value come last."""
    present = [e for e in entries if e[2] is not None]
    present.sort(key=lambda e: (-e[2] if descending else e[2], e[0]))
    ranked, previous, rank = [], object(), 0
    for position, (code, name, value, in_scope) in enumerate(present, start=1):
        if value != previous:
            rank, previous = position, value
        ranked.append(RankEntry(rank=rank, code=code, name=name, value=value, in_scope=in_scope))
    ranked += [RankEntry(rank=0, code=c, name=n, value=None, in_scope=s) for c, n, v, s in entries if v is None]
    return ranked


def _in_scope_by_child(
    tree: Subtree, section_rows: list[dict], in_scope: list[SectionFigures]
) -> dict[int, list[SectionFigures]]:
    """The in-scope sections under each direct child, in ``in_scope`` order, in one pass."""
    child_of_org = {org: child for child, subtree in tree.child_subtrees.items() for org in subtree}
    child_of_section = {row["id"]: child_of_org.get(row["organization_id"]) for row in section_rows}
    found: dict[int, list[SectionFigures]] = {}
    for section in in_scope:
        child = child_of_section.get(section.pk)
        if child is not None:
            found.setdefault(child, []).append(section)
    return found
