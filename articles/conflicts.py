"""Two editors on one article: what the other one changed, and a three-way
merge that keeps the second editor's work.

The base is the revision the second editor loaded (``article_version`` on the
historical row), theirs is the article as saved now, mine is the submitted
form. A field only I changed keeps my value, a field only they changed keeps
theirs, a field we both changed differently is a clash the editor decides."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from articles import revisions
from geo.i18n import html_lang

MINE, THEIRS = "mine", "theirs"
# Fields the merge leaves to the form: an upload is either re-sent or not.
NOT_MERGED = {"cover", "loaded_version", "dismiss_stale", "change_reason"}


@dataclass
class FieldMerge:
    name: str
    label: str
    language: str | None
    base: object
    theirs: object
    mine: object
    mine_changed: bool
    theirs_changed: bool
    choice: str | None = None

    @property
    def clash(self) -> bool:
        return (
            self.mine_changed
            and self.theirs_changed
            and not revisions.same(_comparable(self.mine), _comparable(self.theirs))
        )

    @property
    def outcome(self) -> str | None:
        if self.clash:
            return self.choice
        if self.mine_changed:
            return MINE
        return THEIRS

    @property
    def lang(self):
        return html_lang(self.language) if self.language else None

    def diff(self):
        """(theirs, mine) as HTML, each against the loaded version."""
        base = _text(self.base)
        return (
            revisions.inline_diff(base, _text(self.theirs)),
            revisions.inline_diff(base, _text(self.mine)),
        )


@dataclass
class Conflict:
    base_record: object | None
    current_record: object
    current_version: int
    fields: list[FieldMerge] = field(default_factory=list)

    @property
    def who(self) -> str:
        return revisions.who(self.current_record)

    @property
    def when(self) -> str:
        return revisions.when(self.current_record.history_date)

    @property
    def base_version(self):
        return self.base_record.article_version if self.base_record is not None else None

    @property
    def comparison(self):
        if self.base_record is None:
            return None
        return revisions.compare(self.base_record, self.current_record)

    @property
    def changed(self) -> list[FieldMerge]:
        return [f for f in self.fields if f.mine_changed or f.theirs_changed]

    @property
    def clashes(self) -> list[FieldMerge]:
        return [f for f in self.fields if f.clash]

    @property
    def unresolved(self) -> list[FieldMerge]:
        return [f for f in self.clashes if f.choice not in (MINE, THEIRS)]


def _comparable(value):
    if hasattr(value, "values_list"):  # a queryset of disclaimers
        return sorted(value.values_list("pk", flat=True))
    if isinstance(value, (set, list, tuple)):
        return sorted(value)
    return value


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return revisions.plain_value(value)


def _merged_fields(form) -> list[str]:
    history_columns = {f.attname for f in form.instance.history.model._meta.fields}
    names = [n for n in form.fields if n not in NOT_MERGED and n in history_columns]
    if "disclaimers" in form.fields:
        names.append("disclaimers")
    return names


def _recorded(record, name, disclaimers_of):
    if record is None:
        return None
    if name == "disclaimers":
        return disclaimers_of(record)
    return getattr(record, name)


def _disclaimer_titles(ids) -> list[str]:
    from articles.models import Disclaimer

    return [str(d) for d in Disclaimer.objects.filter(pk__in=ids).order_by("order", "pk")]


def detect(form, cleaned: dict, base_version: int | None, current) -> Conflict:
    """The three-way view of ``form``'s submission against the saved article
    ``current`` (read under the row lock)."""
    history = current.history
    current_record = history.order_by("-history_id").first()
    base_record = None
    if base_version is not None:
        base_record = history.filter(article_version=base_version).order_by("-history_id").first()
    conflict = Conflict(base_record, current_record, current.version)

    def disclaimers_of(record):
        content = record.related_content or {}
        return sorted(d["pk"] for d in content.get("disclaimers", []))

    for name in _merged_fields(form):
        model_field = form.instance._meta.get_field(name)
        if name == "disclaimers":
            mine = sorted(d.pk for d in cleaned.get(name) or [])
            theirs = sorted(current.disclaimers.values_list("pk", flat=True))
        else:
            mine, theirs = cleaned.get(name), getattr(current, name)
        base = _recorded(base_record, name, disclaimers_of)
        if base_record is None:
            mine_changed = theirs_changed = not revisions.same(mine, theirs)
        else:
            mine_changed = not revisions.same(_comparable(mine), _comparable(base))
            theirs_changed = not revisions.same(_comparable(theirs), _comparable(base))
        language = getattr(model_field, "language", None)
        # The untranslated field's name: the language is shown beside it.
        label = str(getattr(model_field, "translated_field", model_field).verbose_name)
        if name == "disclaimers":
            base, theirs, mine = (
                _disclaimer_titles(v) if v is not None else None for v in (base, theirs, mine)
            )
        merge = FieldMerge(name, label, language, base, theirs, mine, mine_changed, theirs_changed)
        merge.choice = form.data.get(f"conflict_keep_{name}")
        conflict.fields.append(merge)
    return conflict


def apply(form, cleaned: dict, conflict: Conflict, current) -> None:
    """Re-apply the submission onto ``current``: fields I did not change take
    theirs; clashes take the editor's choice (an unmade choice is an error on
    the field)."""
    for merge in conflict.fields:
        if merge.outcome == THEIRS:
            if merge.name == "disclaimers":
                cleaned[merge.name] = current.disclaimers.all()
            else:
                cleaned[merge.name] = getattr(current, merge.name)
        elif merge.outcome is None:
            form.add_error(
                merge.name if merge.name in form.fields else None,
                _("You and %(who)s both changed “%(field)s”: choose which version to keep.")
                % {"who": conflict.who, "field": merge.label},
            )
