"""Rendering: targets, values, deadlines and responsible units highlighted with displaCy.

:func:`highlights` gives the highlights as data (offsets, label, normalized
value); :func:`render` shows them in Jupyter or writes a standalone HTML page.
"""
from __future__ import annotations

import datetime as _dt
import html as _html
import os
import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from spacy.tokens import Doc

from ..extract.deadlines import is_deadline
from ..types import STRENGTH_CUE_NAMES as _STRENGTH_NAMES, Document, Target, TimeExpression, as_date
from .pipeline import DEFAULT_PREFIX, TARGETS_KEY, TIMES_KEY, _document_for, _get_target, _get_time

__all__ = ["render", "highlights", "LABEL_COLORS"]

#: Colours of the labels :func:`render` uses (displaCy ``colors`` option).
LABEL_COLORS: Dict[str, str] = {
    "TARGET": "#ffe08a",
    "VALUE": "#ffb3a7",
    "DEADLINE": "#9ee6b8",
    "UNIT": "#b5d3ff",
}

def _quantity_span(quote: str, t: Target) -> Optional[Tuple[int, int]]:
    """Offsets (in ``quote``) of the quantity a target's value comes from."""
    from ..extract.quantities import extract_quantities

    qs = [q for q in extract_quantities(quote) if not q.nominal]
    if not qs:
        return None
    for q in qs:
        if q.placeholder and t.placeholder:
            return q.start, q.end
        if q.value is not None and t.value is not None and abs(q.value - t.value) < 1e-9:
            return q.start, q.end
    return qs[-1].start, qs[-1].end


def _fmt_number(v: Optional[float]) -> str:
    if v is None:
        return "×"
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


_COMPARATOR_SIGNS = {">=": "≥", "<=": "≤", "=": "", "~": "约", "range": ""}
RE_DIGITISH = re.compile(r"[0-9０-９×Xx零一二三四五六七八九十百千万亿两]")


def _value_text(t: Target) -> str:
    value = _fmt_number(t.value) + (f"–{_fmt_number(t.value_max)}" if t.value_max is not None else "")
    return f"{_COMPARATOR_SIGNS.get(t.comparator, t.comparator)}{value}{t.unit}"


def _describe(t: Target) -> str:
    parts = [f"{t.indicator} {_value_text(t)}".strip()]
    if t.deadline is not None:
        parts.append(f"期限 {t.deadline.isoformat()}")
    if t.strength in _STRENGTH_NAMES:
        parts.append(_STRENGTH_NAMES[t.strength])
    return " · ".join(parts)


def _unit_spans(text: str, targets: Sequence[Target]) -> List[Tuple[int, int, str]]:
    """Responsible units (牵头/配合单位) named in the sentences that hold targets or directives."""
    try:
        from ..tasks import extract_units
    except ImportError:  # pragma: no cover - tasks is part of the package
        return []
    out: List[Tuple[int, int, str]] = []
    for m in re.finditer(r"[^。！？!?\n]+[。！？!?]?", text):
        sent = m.group()
        u = extract_units(sent)
        if u.start is None:
            continue
        for role, names in (("牵头", list(u.leads)), ("配合", list(u.co))):
            for name in names:
                i = sent.find(name, u.start, u.end)
                if i < 0:
                    i = sent.find(name)
                if i >= 0:
                    out.append((m.start() + i, m.start() + i + len(name), role))
    return out


def highlights(document: Union[Document, str], *, reference_date: Union[None, str, _dt.date] = None,
               targets: Optional[Sequence[Target]] = None,
               times: Optional[Sequence[TimeExpression]] = None,
               units: bool = True) -> List[Dict[str, Any]]:
    """The non-overlapping highlights :func:`render` shows, as displaCy ``ents``.

    Labels: ``TARGET`` (a target's evidence), ``VALUE`` (its number and unit),
    ``DEADLINE`` (deadlines, and the time phrase a target's deadline comes
    from) and ``UNIT`` (responsible units: 牵头/配合). Where they overlap the
    later label in that list wins, so a target's evidence may be cut in pieces.
    ``kb_id`` holds the normalized value (``>= 90%``, ``2025-12-31``, ``牵头``).

    Args:
        document: A Document or text.
        reference_date: Date that ``今年`` refers to when the text states no year.
        targets: Targets to show (default: :func:`policytext.extract_targets`).
        times: Time expressions (default: :func:`policytext.extract_times`).
        units: Also mark the responsible units.
    Returns:
        Dicts with ``start``, ``end`` (offsets into the document text),
        ``label``, ``kb_id`` and ``params`` (``tooltip``), sorted by ``start``.
    Example:
        >>> [(h["label"], "到2025年底，覆盖率达到90%以上。"[h["start"]:h["end"]], h["kb_id"])
        ...  for h in highlights("到2025年底，覆盖率达到90%以上。")]
        [('DEADLINE', '到2025年底', '2025-12-31'), ('TARGET', '覆盖率达到', '覆盖率'), ('VALUE', '90%以上', '≥90%')]
    """
    ref = as_date(reference_date)
    pdoc = document if isinstance(document, Document) else _document_for(_check_text(document), ref)
    text = pdoc.text
    if targets is None:
        from ..extract.tables import with_table_targets
        from ..extract.targets import extract_targets

        targets = with_table_targets(pdoc, extract_targets(pdoc, reference_date=ref))
    if times is None:
        from ..extract.times import extract_times

        times = extract_times(text, reference=pdoc if (pdoc.year or pdoc.date) else ref)
    # paint: one (priority, label, kb_id, tooltip) per character
    n = len(text)
    paint: List[Optional[Tuple[int, str, str, str, int]]] = [None] * n
    owner = 0

    def put(start: int, end: int, prio: int, label: str, kb: str, tip: str) -> None:
        nonlocal owner
        owner += 1
        for i in range(max(0, start), min(n, end)):
            cur = paint[i]
            if cur is None or cur[0] <= prio:
                paint[i] = (prio, label, kb, tip, owner)

    deadline_texts = []
    for t in targets:
        tip = _describe(t)
        put(t.quote_start, t.quote_end, 1, "TARGET", t.indicator, tip)
        quote = text[t.quote_start:t.quote_end]
        q = _quantity_span(quote, t)
        if q is not None:
            qs, qe = q
            rest = quote[qe:]
            if len(rest) <= 4 and not RE_DIGITISH.search(rest):  # 90%[以上]: the comparator goes with the value
                qe = len(quote)
            put(t.quote_start + qs, t.quote_start + qe, 2, "VALUE", _value_text(t), tip)
        if t.deadline_text:
            deadline_texts.append((t.start, t.end, t.deadline_text))
    year = pdoc.year or (pdoc.date.year if pdoc.date else None) or (ref.year if ref else None)
    for tx in times:
        used = any(a <= tx.start < b and tx.text in dt for a, b, dt in deadline_texts)
        if used or is_deadline(tx, year=year):
            when = tx.date_to.isoformat() if tx.date_to else "年份未定"
            put(tx.start, tx.end, 4, "DEADLINE", when, f"{tx.text} → {when}")
    if units:
        for s, e, role in _unit_spans(text, targets):
            put(s, e, 3, "UNIT", role, f"{role}单位")
    return _pieces(text, paint)


def _pieces(text: str, paint: Sequence[Optional[Tuple[int, str, str, str, int]]]) -> List[Dict[str, Any]]:
    """Runs of equal paint as displaCy ents, trimmed of white space and never across a line break."""
    n = len(text)
    out: List[Dict[str, Any]] = []
    i = 0
    while i < n:
        cur = paint[i]
        if cur is None:
            i += 1
            continue
        j = i + 1
        while j < n and paint[j] is not None and paint[j][1:] == cur[1:]:  # type: ignore[index]
            j += 1
        _, label, kb, tip, _own = cur
        # trim whitespace and line breaks at the ends of a piece
        a, b = i, j
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b and "\n" not in text[a:b]:
            out.append({"start": a, "end": b, "label": label, "kb_id": kb, "params": {"tooltip": tip}})
        elif a < b:  # never highlight across paragraphs: split at line breaks
            pos = a
            for line in text[a:b].split("\n"):
                if line.strip():
                    ls = pos + (len(line) - len(line.lstrip()))
                    le = pos + len(line.rstrip())
                    out.append({"start": ls, "end": le, "label": label, "kb_id": kb,
                                "params": {"tooltip": tip}})
                pos += len(line) + 1
        i = j
    return out


def _check_text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a str, a policytext Document or a spaCy Doc, not {type(value).__name__}")
    return value


_TPL_ENT = (
    '<mark class="entity pt-{label_lower}" title="{tooltip}" style="background: {bg}; padding: 0.2em 0.35em; '
    'margin: 0 0.1em; line-height: 1.9; border-radius: 0.35em;">{text}'
    '<span style="font-size: 0.65em; font-weight: bold; line-height: 1; border-radius: 0.35em; '
    'vertical-align: middle; margin-left: 0.35rem">{label}{kb_link}</span></mark>'
)

_LEGEND = {"TARGET": "目标", "VALUE": "数值/单位", "DEADLINE": "期限", "UNIT": "责任单位"}

_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="policytext {version} (spaCy displaCy)">
<title>{title}</title>
</head>
<body style="font-size: 16px; font-family: 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', \
'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif; padding: 2rem; max-width: 60rem; margin: auto;">
<h1 style="font-size: 1.4em">{title}</h1>
<p class="pt-legend" style="font-size: 0.9em">{legend}</p>
{summary}
{content}
</body>
</html>
"""


def _legend(colors: Dict[str, str]) -> str:
    return " ".join(
        f'<mark style="background: {colors[k]}; padding: 0.1em 0.4em; border-radius: 0.35em">{k} {v}</mark>'
        for k, v in _LEGEND.items())


def _from_spacy(doc: Doc, prefix: str = DEFAULT_PREFIX) -> Tuple[Document, List[Target], List[TimeExpression]]:
    attached = doc._.get(prefix + "document") if Doc.has_extension(prefix + "document") else None
    text = doc.text
    pdoc = attached if isinstance(attached, Document) and attached.text == text else Document(text=text)
    targets = []
    for span in doc.spans.get(TARGETS_KEY, []):
        t = _get_target(span)
        if t is not None:
            targets.append(t)
    times = [t for t in (_get_time(s) for s in doc.spans.get(TIMES_KEY, [])) if t is not None]
    return pdoc, targets, times


def render(text_or_doc: Union[str, Document, Doc], *, jupyter: Optional[bool] = None,
           path: Union[None, str, "os.PathLike[str]"] = None,
           reference_date: Union[None, str, _dt.date] = None,
           colors: Optional[Dict[str, str]] = None, units: bool = True,
           title: Optional[str] = None) -> Optional[str]:
    """Highlight targets, their values and units, deadlines and responsible units with displaCy.

    Uses displaCy's ``ent`` style in manual mode (the text is shown exactly as
    written, line breaks kept); hovering over a highlight shows the target
    (indicator, comparator, value, deadline). See :func:`highlights`.

    Args:
        text_or_doc: Text, a Document from :func:`policytext.load`, or a spaCy
            ``Doc`` made by :func:`nlp` (its ``doc.spans`` are shown; times are
            shown only when ``policytext_times`` ran).
        jupyter: Display the result in a notebook (displaCy's Jupyter mode)
            and return ``None``; default: when running inside Jupyter and no
            ``path`` is given.
        path: Write a standalone HTML page (UTF-8, with a legend) to this file;
            it must end in ``.html`` or ``.htm``.
        reference_date: Date that ``今年`` refers to when the text states no year.
        colors: Label -> CSS colour, overriding :data:`LABEL_COLORS`.
        units: Also mark the responsible units (牵头/配合).
        title: Title shown above the text (default: the document's title).
    Returns:
        The HTML (the whole page when ``path`` is given, else a fragment), or
        ``None`` when it was displayed in Jupyter.
    Raises:
        ValueError: ``path`` does not end in ``.html``/``.htm`` (checked before any work, so
            ``x.png`` never receives HTML).
    Example:
        >>> html = render("到2025年底，覆盖率达到90%以上。", jupyter=False)
        >>> "到2025年底" in html and "DEADLINE" in html and "90%以上" in html
        True
    """
    from spacy import displacy

    from ..about import __version__

    if path is not None and Path(path).suffix.lower() not in (".html", ".htm"):
        raise ValueError(f"`path`={str(path)!r} is invalid: render writes an HTML page; name it "
                         f"{Path(path).with_suffix('.html').name!r} (.html or .htm)")
    if isinstance(text_or_doc, Doc):
        pdoc, targets, times = _from_spacy(text_or_doc)
        hl = highlights(pdoc, targets=targets, times=times, units=units)
    else:
        ref = as_date(reference_date)
        pdoc = text_or_doc if isinstance(text_or_doc, Document) else _document_for(_check_text(text_or_doc), ref)
        hl = highlights(pdoc, reference_date=ref, units=units)
    palette = dict(LABEL_COLORS)
    palette.update(colors or {})
    shown_title = title if title is not None else pdoc.title
    options = {
        "colors": palette,
        "template": _TPL_ENT,
        "ents": list(palette),
    }
    for h in hl:  # displaCy inserts kb_id and params unescaped
        h["kb_id"] = _html.escape(h["kb_id"])
        h["params"] = {"tooltip": _html.escape(h["params"]["tooltip"]), "label_lower": h["label"].lower()}
    data = {"text": pdoc.text, "ents": hl, "title": _html.escape(shown_title) if shown_title else None,
            "settings": {"lang": "zh", "direction": "ltr"}}
    if path is None and (jupyter or (jupyter is None and _in_jupyter())):
        displacy.render(data, style="ent", manual=True, jupyter=True, options=options)
        return None
    fragment = displacy.render(data, style="ent", manual=True, jupyter=False, options=options)
    if path is None:
        return fragment
    n_targets = sum(1 for h in hl if h["label"] == "VALUE")
    n_deadlines = sum(1 for h in hl if h["label"] == "DEADLINE")
    summary = (f'<p class="pt-summary" style="font-size: 0.9em; color: #555">{_html.escape(pdoc.source)} · '
               f"{n_targets} 个目标数值 · {n_deadlines} 个期限</p>")
    page = _PAGE.format(version=__version__, title=_html.escape(shown_title or pdoc.source or "policytext"),
                        legend=_legend(palette), summary=summary, content=fragment)
    out = Path(path)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, out)
    if jupyter:
        displacy.render(data, style="ent", manual=True, jupyter=True, options=options)
    return page


def _in_jupyter() -> bool:
    from spacy.util import is_in_jupyter

    return bool(is_in_jupyter())
