"""Score numbers, percentages and time expressions on the peer test suites (``../shared/peers``).

The suites are converted from the public tests of Recognizers-Text, JioNLP,
cn2an, Duckling, WeTextProcessing and NeMo (README in the folder). The scoring
is that of ``score_peers.py`` beside them, so the figures are the same:

- only the *policy* cases count: no traditional script, no ``折``/``成``
  discounts, no spaced-out text or ``3.2k`` forms; for dates also no holidays,
  weekdays, clock times or lunar dates;
- percent and number recall: an expected item is found when a quantity of
  :func:`~policytext.extract.quantities.extract_quantities` (for percents one
  in ``%`` or ``pp``) has the same value (relative tolerance 1e-6) and
  overlaps the expected span, each quantity used once;
- date end accuracy: an expected expression with an end date is right when a
  time of :func:`~policytext.extract.times.extract_times` (with the case's
  reference date) overlaps it and ends on that date (``2015年前`` may also end
  on 2015-12-31, the guidelines' reading of ``前``).
"""
from __future__ import annotations

import datetime as _dt
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterator, List, Mapping, Optional, Tuple, Union

from ..errors import DocumentLoadError
from ..types import _ToDict
from .gold import json_lines

__all__ = ["PeerMiss", "PeerScores", "default_peers_dir", "evaluate_peers", "format_report"]

RE_NOT_POLICY_DATE = re.compile(
    r"节|節|主日|周[一二三四五六日天末]|星期|礼拜|禮拜|[点點时時分秒]钟?$|[0-9零一二三四五六七八九十]+[点點时時]"
    r"|上午|下午|凌晨|中午|早上|晚上|今晚|傍晚|夜|农历|農曆|腊月|正月|除夕|大年|元宵|端午|中秋|重阳|清明|冬至|立春|芒种"
    r"|[0-9]+[:：][0-9]|[kK]|周$|周内|[这這本上下]周|两周|[0-9一二三四五六七八九十两]+周|刻|秒")
RE_TRADITIONAL = re.compile(r"[個們來時點週後會與歲當這還過進運開關於實現為從應對將並發長張區東車書節國慶聖誕號]")
RE_DISCOUNT = re.compile(r"[折成]")
RE_SPACED = re.compile(r"\S \S \S")
RE_K_OR_SPACE = re.compile(r"[kKＫ]|\s")
RE_YEAR_BEFORE = re.compile(r"(?:在)?(\d{4})年(?:以|之)?前")
RE_SPACE = re.compile(r"\s+")

KINDS = ("percent", "number")


def _norm(s: Optional[str]) -> str:
    return RE_SPACE.sub("", unicodedata.normalize("NFKC", s or ""))


def _policy_case(c: Mapping[str, Any]) -> bool:
    spans = "".join(e.get("span", "") for e in c.get("expected", []))
    return not (c.get("meta", {}).get("traditional") or RE_DISCOUNT.search(spans)
                or RE_SPACED.search(c["text"]) or RE_K_OR_SPACE.search(spans))


def _policy_date(c: Mapping[str, Any], e: Mapping[str, Any]) -> bool:
    return (_policy_case(c) and not RE_NOT_POLICY_DATE.search(e.get("span") or c["text"])
            and not RE_TRADITIONAL.search(c["text"]))


def _same(a: Optional[float], b: Optional[float]) -> bool:
    return a is not None and b is not None and abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(a)), abs(float(b)))


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


@dataclass(frozen=True)
class PeerMiss(_ToDict):
    """An expected item that was not found (or a date that ended elsewhere)."""

    kind: str
    text: str
    span: str
    expected: str
    got: str
    source: str


@dataclass(frozen=True)
class PeerScores(_ToDict):
    """The figures of ``score_peers.py``: recall of percents and numbers, end-date accuracy of dates."""

    percent_policy_recall: Optional[float]
    percent_policy_n: int
    number_policy_recall: Optional[float]
    number_policy_n: int
    date_policy_end_acc: Optional[float]
    date_policy_n: int
    misses: Tuple[PeerMiss, ...] = field(default=(), repr=False)

    def figures(self) -> Dict[str, Any]:
        """The figures as ``score_peers.py`` prints them (its JSON keys, in its order)."""
        d = self.to_dict()
        d.pop("misses", None)
        return d


def default_peers_dir() -> Path:
    """``../shared/peers`` from the working directory, else beside the checkout of this package."""
    here = Path("..") / "shared" / "peers"
    if here.is_dir():
        return here
    return Path(__file__).resolve().parents[3] / "shared" / "peers"


def _cases(folder: Path, kind: str) -> Iterator[Dict[str, Any]]:
    path = folder / f"{kind}.jsonl"
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as e:
        raise DocumentLoadError(str(path), f"cannot read the peer suite ({e.strerror or e}); "
                                           "pass --peers the folder holding percent/number/date.jsonl") from None
    for _, c in json_lines(raw, str(path)):
        yield c


def _source(c: Mapping[str, Any]) -> str:
    s = c.get("source") or {}
    return f"{s.get('repo', '?')}:{Path(str(s.get('path', '?'))).name}#{s.get('index', '?')}"


def _score_quantities(folder: Path, kind: str, misses: List[PeerMiss]) -> Tuple[int, int]:
    from ..extract.quantities import extract_quantities

    found = total = 0
    for c in _cases(folder, kind):
        if not _policy_case(c):
            continue
        qs = list(extract_quantities(c["text"]))
        if kind == "percent":
            qs = [q for q in qs if _norm(q.unit) in ("%", "％", "pp")]
        used: set = set()
        for e in c["expected"]:
            total += 1
            for i, q in enumerate(qs):
                if i not in used and _same(q.value, e["value"]) and (
                        "offset" not in e or q.start is None or _overlaps(q.start, q.end, *e["offset"])):
                    used.add(i)
                    found += 1
                    break
            else:
                got = ", ".join(f"{q.text}={q.value:g}{q.unit}" if q.value is not None else q.text for q in qs)
                misses.append(PeerMiss(kind, c["text"], e.get("span", ""), f"{e['value']:g}", got, _source(c)))
    return found, total


def _score_dates(folder: Path, misses: List[PeerMiss]) -> Tuple[int, int]:
    from ..extract.times import extract_times

    ok = total = 0
    for c in _cases(folder, "date"):
        ref = c.get("reference")
        ts = None
        for e in c["expected"]:
            if e.get("end") is None or not _policy_date(c, e):
                continue
            if ts is None:
                ts = list(extract_times(c["text"], reference=_dt.date.fromisoformat(ref) if ref else None))
            m = RE_YEAR_BEFORE.fullmatch(_norm(e.get("span")))
            ends = {e["end"], f"{m.group(1)}-12-31" if m else None}
            total += 1
            hit = any(t.date_to is not None and t.date_to.isoformat() in ends
                      and ("offset" not in e or t.start is None or _overlaps(t.start, t.end, *e["offset"]))
                      for t in ts)
            ok += hit
            if not hit:
                got = ", ".join(f"{t.text}->{t.date_to}" for t in ts)
                misses.append(PeerMiss("date", c["text"], e.get("span", ""), f"{e['end']} (ref {ref})", got,
                                       _source(c)))
    return ok, total


def evaluate_peers(folder: Union[str, Path, None] = None) -> PeerScores:
    """Score the extractors on the peer suites, as ``score_peers.py`` does.

    Args:
        folder: The suites' folder (default: :func:`default_peers_dir`).
    Returns:
        The figures and every miss.
    Raises:
        DocumentLoadError: A suite file cannot be read.
    Example:
        >>> import tempfile, pathlib, json
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> case = {"text": "增长5%", "expected": [{"span": "5%", "offset": [2, 4], "value": 5.0}]}
        >>> for k in ("percent", "number"):
        ...     _ = (d / f"{k}.jsonl").write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
        >>> _ = (d / "date.jsonl").write_text("", encoding="utf-8")
        >>> evaluate_peers(d).percent_policy_recall
        1.0
    """
    d = Path(folder) if folder is not None else default_peers_dir()
    misses: List[PeerMiss] = []
    out: Dict[str, Any] = {}
    for kind in KINDS:
        found, total = _score_quantities(d, kind, misses)
        out[f"{kind}_policy_recall"] = round(found / total, 4) if total else None
        out[f"{kind}_policy_n"] = total
    ok, total = _score_dates(d, misses)
    out["date_policy_end_acc"] = round(ok / total, 4) if total else None
    out["date_policy_n"] = total
    return PeerScores(**out, misses=tuple(misses))


def format_report(s: PeerScores, *, verbose: bool = False, as_json: bool = False) -> str:
    """The figures as a line of JSON (``as_json``, exactly like ``score_peers.py``) or as text.

    Example:
        >>> print(format_report(PeerScores(0.5, 2, 1.0, 1, None, 0)))
        peers (policy cases): percent recall 0.500 (n=2)  number recall 1.000 (n=1)  date end accuracy n/a (n=0)
    """
    if as_json:
        text = json.dumps(s.figures())
    else:
        f = (lambda v: "n/a" if v is None else f"{v:.3f}")
        text = (f"peers (policy cases): percent recall {f(s.percent_policy_recall)} (n={s.percent_policy_n})  "
                f"number recall {f(s.number_policy_recall)} (n={s.number_policy_n})  "
                f"date end accuracy {f(s.date_policy_end_acc)} (n={s.date_policy_n})")
    if verbose:
        lines = [text, "", f"misses ({len(s.misses)}):"]
        lines += [f"  {m.kind}: {m.text!r} [{m.span}] expected {m.expected}; got {m.got or '-'}  ({m.source})"
                  for m in s.misses]
        text = "\n".join(lines)
    return text
