"""Organizations and who belongs where."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Subtree:
    """An organization and everything under it, read in one query.

    ``ids`` the root first, then every organization below it at any depth; ``codes`` and
    ``names`` by id; ``child_subtrees`` each direct child of the root (in code order) with the
    ids of its own subtree, for figures that compare the children; ``children`` the direct
    children of each organization of the subtree (in code order), for figures that add up level by level.
    """

    ids: list[int]
    codes: dict[int, str]
    names: dict[int, str]
    child_subtrees: dict[int, set[int]]
    children: dict[int, list[int]] = field(default_factory=dict)


class OrganizationTree:
    """Every organization's parent, code and name, read in one query: any organization's subtree
    (``subtree``) or its ids (``below``) without reading the table again."""

    def __init__(self, rows) -> None:
        self.children: dict[int | None, list[int]] = {}
        self.codes: dict[int, str] = {}
        self.names: dict[int, str] = {}
        for pk, parent_id, code, name in rows:
            self.children.setdefault(parent_id, []).append(pk)
            self.codes[pk], self.names[pk] = code, name

    def below(self, top: int) -> list[int]:
        """``top`` first, then every organization under it at any depth."""
        found, stack = [], [top]
        while stack:
            pk = stack.pop()
            found.append(pk)
            stack.extend(self.children.get(pk, []))
        return found

    def subtree(self, root_id: int) -> Subtree:
        children = self.children
        ids = self.below(root_id)
        return Subtree(
            ids=ids,
            codes=self.codes,
            names=self.names,
            child_subtrees={child: set(self.below(child)) for child in children.get(root_id, [])},
            children={pk: children[pk] for pk in ids if pk in children},
        )


class OrganizationQuerySet(models.QuerySet):
    def tree(self) -> OrganizationTree:
        """The whole organization tree (one query)."""
        return OrganizationTree(self.order_by("code").values_list("id", "parent_id", "code", "name"))

    def subtree(self, root: Organization) -> Subtree:
        """The one walk of the organization tree (one query)."""
        return self.tree().subtree(root.pk)

    def subtree_ids(self, root: Organization) -> list[int]:
        """The root and every organization under it, at any depth (one query)."""
        return self.subtree(root).ids


class Organization(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("省")
        CITY = "city", _("市")
        COUNTY = "county", _("县（市、区）")

    code = models.CharField(_("机构编码"), max_length=12, unique=True, help_text=_("行政区划代码，如 360483"))
    name = models.CharField(_("机构名称"), max_length=100)
    full_name = models.CharField(_("单位全称"), max_length=200, blank=True, help_text=_("如：九江市庐山生态环境局"))
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices, default=Level.COUNTY)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级机构"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        db_table = "ecoreport_organization"  # kept from before the app split
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    def subtree_ids(self) -> list[int]:
        return Organization.objects.subtree_ids(self)

    def ancestors(self) -> list[Organization]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain


class UserProfile(models.Model):
    """Which organization a user works for: they see it and the organizations under it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="profile"
    )
    organization = models.ForeignKey(Organization, verbose_name=_("所属机构"), on_delete=models.PROTECT)

    class Meta:
        db_table = "ecoreport_userprofile"  # kept from before the app split
        verbose_name = _("用户所属机构")
        verbose_name_plural = _("用户所属机构")

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization.name}"
