"""Each signature's own revision may add only that signature (DESIGN.md §5).

pyHanko's validation judges what comes *after* a signature; the revision a signature itself
writes is covered by its digest but never compared with the revision before it. So a signer
could slip a page content stream (whiting out "Refusé", writing "Admis") into its own
revision, and every later check would find the file untouched since. Here every revision
after the rendered PV (revision 0, compared byte for byte with the re-rendered minutes.json
elsewhere) is compared with the one just before it, with pyHanko's difference analysis:
only a signature field's value and widget, its appearance, the form that holds it, and
validation or timestamp data may change. The certifying first signature may also add the
catalog's ``/Perms`` (its DocMDP entry), and nothing else there.

Then the file must hold no form field but the empty signature fields the rendered PV laid
out, and no annotation but their widgets, each where the rendered PV put it: an appearance
is clipped to its widget's rectangle, so a signer draws only inside its own signature box.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import HistoricalResolver, PdfFileReader
from pyhanko.sign.diff_analysis import (
    DEFAULT_DIFF_POLICY,
    ModificationLevel,
    StandardDiffPolicy,
    SuspiciousModification,
)
from pyhanko.sign.diff_analysis.constants import ROOT_EXEMPT_STRICT_COMPARISON
from pyhanko.sign.diff_analysis.rules.file_structure_rules import CatalogModificationRule
from pyhanko.sign.fields import MDPPerm

from jury_desk.minutes.pdf_read import MALFORMED, quiet_pyhanko

Rect = tuple[float, float, float, float]

# The first signature certifies the PV (DocMDP): its revision adds /Perms to the catalog.
_CERTIFYING_POLICY = StandardDiffPolicy(
    global_rules=[
        CatalogModificationRule(ignored_keys=ROOT_EXEMPT_STRICT_COMPARISON | {"/Perms"}),
        *DEFAULT_DIFF_POLICY.global_rules[1:],
    ],
    form_rule=DEFAULT_DIFF_POLICY.form_rule,
)
# Catalog keys a signature revision may touch (the rest is the rendered PV's own).
_SIGNATURE_CATALOG_KEYS = ROOT_EXEMPT_STRICT_COMPARISON | {"/Perms"}


@dataclass(frozen=True)
class SignatureBox:
    """Where the PV's layout puts one signature's widget: a page (0-based) and a rectangle."""

    page: int
    rect: Rect


def revision_problem(reader: PdfFileReader, owners: Mapping[int, str]) -> str | None:
    """The first revision that adds more than its own signature, said in words; or None.

    ``owners`` maps a revision number to what wrote it (e.g. "signature Signature-MINES").
    """
    total = reader.xrefs.total_revisions
    with quiet_pyhanko():
        try:
            for revision in range(1, total):
                problem = _revision_adds_more(reader, revision)
                if problem:
                    owner = owners.get(revision, "an unsigned update")
                    return f"revision {revision} ({owner}) changes {problem}"
        except (RecursionError, *MALFORMED) as exc:
            return f"its revisions cannot be compared ({type(exc).__name__})"
    return None


def _revision_adds_more(reader: PdfFileReader, revision: int) -> str | None:
    old = reader.get_historical_resolver(revision - 1)
    new = reader.get_historical_resolver(revision)
    policy: StandardDiffPolicy = _CERTIFYING_POLICY if revision == 1 else DEFAULT_DIFF_POLICY
    doc_mdp = None if revision == 1 else MDPPerm.FILL_FORMS
    try:
        result = policy.apply(old, new, doc_mdp=doc_mdp)
    except SuspiciousModification as exc:
        return _what_changed(old, new) or f"more than its signature ({_first_line(exc)})"
    if result.modification_level > ModificationLevel.FORM_FILLING:
        return _what_changed(old, new) or "more than its signature (annotations)"
    perms = new.root.get("/Perms") if revision == 1 else None  # later: the default policy's
    if perms is not None and set(perms.keys()) != {"/DocMDP"}:
        return "the catalog (/Perms)"
    return None


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__


def _what_changed(old: HistoricalResolver, new: HistoricalResolver) -> str | None:
    """Name what a refused revision changed, for the report (pyHanko already refused it).

    Values are compared shallowly (a reference as its number), and an object counts as
    changed when the revision writes it again: nothing is followed into a loop.
    """
    written = {(r.idnum, r.generation) for r in new.explicit_refs_in_revision()}
    found: list[str] = []
    old_root, new_root = old.root, new.root
    keys = (set(old_root.keys()) | set(new_root.keys())) - _SIGNATURE_CATALOG_KEYS
    if any(_shallow(_raw_get(old_root, k)) != _shallow(_raw_get(new_root, k)) for k in keys):
        found.append("the catalog")
    names = (_shallow(_raw_get(old_root, "/Names")), _shallow(_raw_get(new_root, "/Names")))
    if _attachment_refs(new_root) & written or names[0] != names[1]:
        found.append("the attachment (minutes.json)")
    old_pages, new_pages = list(_pages(old_root)), list(_pages(new_root))
    if len(old_pages) != len(new_pages):
        found.append("the number of pages")
    for index, (before, after) in enumerate(zip(old_pages, new_pages, strict=False), start=1):
        contents = after.raw_get("/Contents") if "/Contents" in after else None
        streams = contents.get_object() if contents is not None else []
        refs = [contents, *(streams if isinstance(streams, generic.ArrayObject) else [])]
        if _page_rest(before) != _page_rest(after) or any(
            isinstance(r, generic.IndirectObject) and (r.idnum, r.generation) in written
            for r in refs
        ):
            found.append(f"page content (page {index})")
        if _other_annotations(after) > _other_annotations(before):
            found.append(f"annotations (page {index})")
    old_fields = {_field_name(f) for f in _fields(old_root)}
    if any(f.get("/FT") != "/Sig" for f in _fields(new_root) if _field_name(f) not in old_fields):
        found.append("form fields")
    return ", ".join(found) or None


def _raw_get(d: generic.DictionaryObject, key: str) -> object:
    return d.raw_get(key) if key in d else None


def _shallow(value: object, depth: int = 0) -> object:
    if depth > 32:
        raise ValueError("nested too deep")
    if isinstance(value, generic.IndirectObject):
        return ("ref", value.idnum, value.generation)
    if isinstance(value, generic.DictionaryObject):
        return {str(k): _shallow(value.raw_get(k), depth + 1) for k in value}
    if isinstance(value, generic.ArrayObject):
        return [_shallow(v, depth + 1) for v in value.iterate()]
    return value


def _attachment_refs(root: generic.DictionaryObject) -> set[tuple[int, int]]:
    """The objects of the embedded files (name tree, file specifications, streams)."""
    found: set[tuple[int, int]] = set()
    names = root.get("/Names")
    names = names.get_object() if names is not None else generic.DictionaryObject()
    pending = [names.raw_get("/EmbeddedFiles")] if "/EmbeddedFiles" in names else []
    while pending and len(found) < 10_000:
        value = pending.pop()
        if isinstance(value, generic.IndirectObject):
            key = (value.idnum, value.generation)
            if key in found:
                continue
            found.add(key)
            value = value.get_object()
        if isinstance(value, generic.DictionaryObject):
            pending += [value.raw_get(k) for k in value if k not in ("/Parent",)]
        elif isinstance(value, generic.ArrayObject):
            pending += list(value.iterate())
    return found


def _pages(root: generic.DictionaryObject) -> Iterator[generic.DictionaryObject]:
    # The PV's page tree is flat (ReportLab writes one /Pages node); deeper trees are refused.
    for kid in root["/Pages"]["/Kids"]:
        page = kid.get_object()
        if page.get("/Type") != "/Page":
            raise ValueError("nested page tree")
        yield page


def _page_rest(page: generic.DictionaryObject) -> object:
    return {str(k): _shallow(page.raw_get(k)) for k in page if k not in ("/Contents", "/Annots")}


def _other_annotations(page: generic.DictionaryObject) -> int:
    annots = page.get("/Annots")
    annots = annots.get_object() if annots is not None else []
    return sum(1 for a in annots if _field_type(a.get_object()) != "/Sig")


def _fields(root: generic.DictionaryObject) -> list[generic.DictionaryObject]:
    form = root.get("/AcroForm")
    if form is None:
        return []
    return [f.get_object() for f in form.get_object().get("/Fields", [])]


def _field_name(field: generic.DictionaryObject) -> str:
    return str(field.get("/T", ""))


def _field_type(annot: generic.DictionaryObject) -> object:
    if annot.get("/Subtype") != "/Widget":
        return None
    parent = annot.get("/Parent")
    field = parent.get_object() if parent is not None else annot
    return field.get("/FT")


def widget_problem(reader: PdfFileReader) -> str | None:
    """Why the PV's fields and annotations are not just its signature boxes, or None.

    Every form field must be one of the empty signature fields the rendered PV (revision 0)
    laid out, and every annotation one of their widgets, on its page at its rectangle.
    """
    with quiet_pyhanko():
        try:
            return _widget_problem(reader.root, _boxes(reader.get_historical_resolver(0).root))
        except (RecursionError, *MALFORMED) as exc:
            return f"its form cannot be read ({type(exc).__name__})"


def _boxes(root: generic.DictionaryObject) -> dict[str, SignatureBox]:
    boxes = {}
    for index, page in enumerate(_pages(root)):
        annots = page.get("/Annots")
        for annot in annots.get_object() if annots is not None else []:
            annot = annot.get_object()
            if _field_type(annot) == "/Sig":
                boxes[_field_name(annot)] = SignatureBox(index, _rect(annot))
    return boxes


def _is_document_stamp(field: generic.DictionaryObject) -> bool:
    """An invisible field holding a document time stamp (the secretariat's, B-LTA)."""
    value = field.get("/V")
    value = value.get_object() if isinstance(value, generic.IndirectObject) else value
    x1, y1, x2, y2 = _rect(field) if "/Rect" in field else (0, 0, 0, 0)
    return (
        field.get("/FT") == "/Sig"
        and isinstance(value, generic.DictionaryObject)
        and value.get("/Type") == "/DocTimeStamp"
        and (x1 == x2 or y1 == y2)
    )


def _rect(annot: generic.DictionaryObject) -> Rect:
    x1, y1, x2, y2 = (float(x) for x in annot.get("/Rect", (0, 0, 0, 0)))
    return (x1, y1, x2, y2)


def _widget_problem(
    root: generic.DictionaryObject, boxes: Mapping[str, SignatureBox]
) -> str | None:
    for field in _fields(root):
        name = _field_name(field)
        laid_out = field.get("/FT") == "/Sig" and name in boxes and "/Kids" not in field
        # (a time stamp's /V is read only when needed: it holds a 32 kB hex string)
        if not laid_out and not _is_document_stamp(field):
            return f"it holds a form field the PV did not lay out ({name or '?'})"
    for index, page in enumerate(_pages(root)):
        annots = page.get("/Annots")
        for annot in annots.get_object() if annots is not None else []:
            annot = annot.get_object()
            name = _field_name(annot)
            laid_out = _field_type(annot) == "/Sig" and name in boxes and "/Parent" not in annot
            if not laid_out:
                if _is_document_stamp(annot):
                    continue
                return f"page {index + 1} carries an annotation that is not a signature box"
            box = boxes[name]
            if box.page != index or box.rect != _rect(annot):
                return f"the signature {name} is drawn outside its signature box"
    return None
