"""The ``policytext`` command line.

``main(argv=None) -> int`` parses the arguments and calls the library; it can
be called in-process (tests do). Only this module configures logging handlers.

Commands::

    policytext info FILE... [--json]
    policytext targets FILE... [--format table|jsonl|csv]
    policytext convert INPUT... -o OUT.(xlsx|csv|jsonl|md|parquet) [--jobs N] [--strict] [--lang zh|en]
                       [--engine pdfium|pdfplumber] [--dask ADDRESS|local]
    policytext render FILE -o OUT.html
    policytext train --laws DIR --gwr DIR -o MODEL_DIR
    policytext evaluate targets --gold GOLD.jsonl --docs DIR [-v]
    policytext evaluate peers [--peers DIR] [--json] [-v]
    policytext evaluate quantities|times --gold GOLD.jsonl [-v]
    policytext evaluate areas --gold GOLD.jsonl [--gold ...] [--docs DIR ...] [--second GOLD2.jsonl ...] [-v]
    policytext evaluate owners --gold GOLD.jsonl --docs DIR [-v]
"""
from __future__ import annotations

import argparse
import datetime as _dt
import logging
import sys
from typing import Any, Optional, Sequence

from ..about import __version__
from ..errors import PolicyTextError

logger = logging.getLogger(__name__)


def _date(s: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{s!r} is not a date; use YYYY-MM-DD, e.g. 2020-03-26") from None


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="policytext", description="Turn Chinese policy documents into task lists.")
    p.add_argument("--version", action="version", version=f"policytext {__version__}")
    p.add_argument("--log-level", default="WARNING", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    s = sub.add_parser("info", help="print metadata and outline of documents")
    s.add_argument("files", nargs="+", metavar="FILE")
    s.add_argument("--json", action="store_true", help="print one JSON object per document")
    s.add_argument("--reference-date", type=_date, help="date that 今年 refers to when the document gives none")
    s.add_argument("--paths", action="store_true", help="show each section's path (二/（一）/3) in the tree")
    s.set_defaults(func=_cmd_info)

    s = sub.add_parser("targets", help="extract quantified targets")
    s.add_argument("files", nargs="+", metavar="FILE")
    s.add_argument("--format", choices=["table", "jsonl", "csv"], default="table")
    s.add_argument("--reference-date", type=_date)
    s.set_defaults(func=_cmd_targets)

    s = sub.add_parser(
        "convert", help="batch-convert documents into a task list",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="exit status:\n"
               "  0    converted (files that failed are listed on stderr and in the output)\n"
               "  1    no file could be converted, or with --strict a file failed\n"
               "  2    bad arguments, unknown output format, or an output that cannot be written\n"
               "       (missing folder, read-only, full disk, a directory: checked before any work)\n"
               "  130  interrupted (Ctrl-C); 143 terminated (SIGTERM). Workers are stopped and no\n"
               "       temporary file is left in the output folder.")
    s.add_argument("inputs", nargs="+", metavar="INPUT", help="files, directories (recursive) or globs")
    s.add_argument("-o", "--output", required=True, help="OUT.xlsx, OUT.csv, OUT.jsonl, OUT.md or OUT.parquet")
    s.add_argument("--jobs", "-j", type=int, default=1, help="worker processes (default 1)")
    s.add_argument("--reference-date", type=_date)
    s.add_argument("--strict", action="store_true", help="exit non-zero when any file failed")
    s.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    s.add_argument("--engine", choices=["pdfium", "pdfplumber"], default="pdfium",
                   help="PDF engine (default pdfium: about 20 times faster; pdfplumber: pdfminer)")
    s.add_argument("--dask", metavar="ADDRESS",
                   help="run the per-document work on a Dask cluster: the scheduler address "
                        "(tcp://host:8786) or 'local' for a local cluster (pip install 'policytext[dask]')")
    s.add_argument("--lang", choices=["zh", "en"], default=None,
                   help="column names and labels of csv/json/jsonl: zh (Chinese headers, area names, 约束性…) or "
                        "en (field names and codes); default zh for csv, en for json/jsonl; xlsx and md are "
                        "always Chinese")
    s.set_defaults(func=_cmd_convert)

    s = sub.add_parser("render", help="highlight targets, deadlines and units as HTML")
    s.add_argument("file", metavar="FILE")
    s.add_argument("-o", "--output", required=True, help="OUT.html (a standalone page; open it in a browser)")
    s.add_argument("--reference-date", type=_date, help="date that 今年 refers to when the document gives none")
    s.set_defaults(func=_cmd_render)

    s = sub.add_parser("train", help="train the work-area classifier")
    s.add_argument("--laws", required=True, help="folder of laws with labels.csv")
    s.add_argument("--gwr", help="folder of government work reports (unlabelled)")
    s.add_argument("-o", "--output", required=True, help="model folder, e.g. models/work_area/1.0")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--taxonomy", help="taxonomy YAML file (default: the shipped policytext/data/taxonomy.yaml)")
    s.add_argument("--exclude-gwr", action="append", default=[], metavar="PATTERN",
                   help="leave out work reports whose file name matches this glob (repeatable), e.g. the "
                        "reports of an evaluation set")
    s.add_argument("--labelled", action="append", default=[], metavar="GOLD.jsonl",
                   help="hand-labelled report sentences to train on (an area gold file; repeatable)")
    s.add_argument("--labelled-docs", action="append", default=[], metavar="DIR",
                   help="folder of the documents the --labelled files name (repeatable: searched in order)")
    s.add_argument("--labelled-repeat", type=int, default=1, metavar="N",
                   help="how many times each hand-labelled sentence counts (default 1)")
    s.add_argument("--params-from", metavar="MODEL",
                   help="take the estimator parameters (threshold, lexicon gate, list rules ...) of a model: a "
                        "version such as 1.13 or a model folder; default: the estimator's own defaults")
    s.set_defaults(func=_cmd_train)

    s = sub.add_parser("sentences", help="every sentence of documents with the model's areas, to label by hand")
    s.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders or glob patterns")
    s.add_argument("-o", "--output", required=True, help="OUT.jsonl: an area gold file to correct, then "
                   "`policytext train --labelled OUT.jsonl` or `policytext evaluate areas --gold OUT.jsonl`")
    s.add_argument("--model", help="model folder (default: the shipped model)")
    s.add_argument("--blank", action="store_true",
                   help="start every sentence at `other` instead of the model's areas (the model's stay under `model`)")
    s.add_argument("--blind", action="store_true",
                   help="for gold the model must not lead (a held-out set): every sentence at `other`, nothing "
                        "of the model in the file or on the screen; the model is not run")
    s.set_defaults(func=_cmd_sentences)

    _add_evaluate(sub)
    return p


def _add_evaluate(sub: Any) -> None:
    """The ``evaluate`` command and its subcommands (one per kind of gold file)."""
    s = sub.add_parser("evaluate", help="precision/recall/F1 against gold files")
    ev = s.add_subparsers(dest="what", metavar="WHAT")
    ev.required = True
    e = ev.add_parser("targets", help="targets and their deadlines against gold target files")
    e.add_argument("--gold", required=True)
    e.add_argument("--docs", required=True, help="folder with the documents the gold file names")
    e.add_argument("--reference-date", type=_date,
                   help="date that 今年 refers to in a document that states no year (default: a year in its file name)")
    e.add_argument("--only-gold-docs", action="store_true",
                   help="evaluate only the documents the gold file names (not every file of --docs)")
    e.add_argument("-v", "--verbose", action="store_true", help="list every miss and every extra")
    e.set_defaults(func=_cmd_eval_targets)
    for what, fn, h in (("quantities", "_cmd_eval_quantities", "numbers and units"), ("times", "_cmd_eval_times", "dates")):
        e = ev.add_parser(what, help=f"{h} of sentences against a gold file")
        e.add_argument("--gold", required=True)
        e.add_argument("-v", "--verbose", action="store_true")
        e.set_defaults(func=globals()[fn])
    e = ev.add_parser("peers", help="numbers, percents and dates on the peer test suites (../shared/peers)")
    e.add_argument("--peers", help="folder of the suites (default: ../shared/peers)")
    e.add_argument("--json", action="store_true", help="one JSON line, exactly as score_peers.py prints it")
    e.add_argument("-v", "--verbose", action="store_true", help="list every case missed")
    e.set_defaults(func=_cmd_eval_peers)
    e = ev.add_parser("areas", help="work areas of sentences or tasks, model beside the keyword baseline")
    e.add_argument("--gold", required=True, action="append",
                   help="gold file; repeat it to score several files as one pooled set")
    e.add_argument("--docs", action="append", help="folder with the documents the gold names (repeatable: "
                                                    "searched in order)")
    e.add_argument("--model", help="model folder (default: the shipped model)")
    e.add_argument("--second", metavar="GOLD2.jsonl", action="append",
                   help="a second annotator's labels, as one more column (repeatable, like --gold; every gold "
                        "item needs a label in one of them)")
    e.add_argument("-v", "--verbose", action="store_true")
    e.set_defaults(func=_cmd_eval_areas)
    e = ev.add_parser("owners", help="responsible units of tasks against gold responsibility notes")
    e.add_argument("--gold", required=True)
    e.add_argument("--docs", required=True, help="folder with the documents the gold file names")
    e.add_argument("-v", "--verbose", action="store_true", help="list every note not exactly right")
    e.set_defaults(func=_cmd_eval_owners)


def _configure_logging(level: str) -> None:
    """policytext's own messages at ``level`` on stderr; every other library stays at WARNING.

    ``--log-level DEBUG`` shows what policytext does, not pdfminer's or
    trafilatura's internals; their warnings and errors still come through.
    """
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    own = logging.getLogger("policytext")
    own.handlers[:] = [handler]
    own.setLevel(level)
    own.propagate = False
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(handler)
    root.setLevel(logging.WARNING)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(list(argv) if argv is not None else None)
    _configure_logging(args.log_level)
    try:
        return int(args.func(args) or 0)
    except PolicyTextError as e:
        print(f"policytext: error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `policytext targets … | head`
        return 0


# ----------------------------------------------------------------- command handlers
# Each handler is owned by the module it calls; keep them thin.


def _cmd_info(args: argparse.Namespace) -> int:
    """Print each document's metadata and outline (a tree, or one JSON object per line)."""
    import json

    from ..io import load
    from ..document.outline import format_outline

    status = 0
    for f in args.files:
        try:
            doc = load(f, reference_date=args.reference_date)
        except PolicyTextError as e:
            print(f"policytext: error: {e}", file=sys.stderr)
            status = 1
            continue
        if args.json:
            d = doc.to_dict()
            d.pop("text", None)
            d["paragraphs"] = len(doc.paragraphs)
            print(json.dumps(d, ensure_ascii=False))
            continue
        print(f"# {doc.source}")
        for key in ("title", "date", "year", "speaker", "speaker_title", "doc_type", "format"):
            value = getattr(doc, key)
            print(f"{key}: {'-' if value is None else value}")
        levels: dict = {}
        for sec in doc.sections:
            levels[sec.level] = levels.get(sec.level, 0) + 1
        parts = max((sec.part for sec in doc.sections), default=1)
        counts = ", ".join(f"level {k}: {v}" for k, v in sorted(levels.items())) or "none"
        print(f"sections: {counts}" + (f"; {parts} parts" if parts > 1 else "")
              + f"; {len(doc.paragraphs)} paragraphs")
        if doc.toc:
            n = doc.text[doc.toc[0]:doc.toc[1]].count("\n") + 1
            print(f"toc: {n} lines at characters {doc.toc[0]}–{doc.toc[1]} (not counted as sections)")
        for w in getattr(doc, "warnings", ()):
            print(f"warning: {w}")
        print(format_outline(doc, paths=args.paths))
        print()
    return status


def _cmd_targets(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..io import load
    from ..export.targets import write_targets
    from ..extract.targets import extract_targets

    status = 0
    rows = []
    for f in args.files:
        try:
            doc = load(f, reference_date=args.reference_date)
            rows += [(Path(f).name, t) for t in extract_targets(doc, reference_date=args.reference_date)]
        except PolicyTextError as e:
            print(f"policytext: error: {e}", file=sys.stderr)
            status = 1
    write_targets(rows, fmt=args.format, stream=sys.stdout)
    return status


def _cmd_convert(args: argparse.Namespace) -> int:
    from ..batch import EXIT_INTERRUPTED, Terminated, convert

    try:
        result = convert(args.inputs, args.output, jobs=args.jobs, reference_date=args.reference_date,
                         progress=False if args.no_progress else None, engine=args.engine, dask=args.dask,
                         lang=args.lang)
    except KeyboardInterrupt:
        print("policytext: interrupted; workers stopped, nothing written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated as e:
        print(f"policytext: terminated (signal {e.signum}); workers stopped, nothing written", file=sys.stderr)
        return 128 + e.signum
    for f, reason in result.failed:
        print(f"policytext: skipped {f}: {reason}", file=sys.stderr)
    for f in result.without_tasks:
        print(f"policytext: no task found in {f} (no numbered item or directive)", file=sys.stderr)
    print(f"policytext: {result.summary()}", file=sys.stderr)
    return result.exit_status(strict=args.strict)


def _cmd_render(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..io import load
    from .render import render

    suffix = Path(args.output).suffix.lower()
    if suffix not in (".html", ".htm"):
        stem = Path(args.output).with_suffix(".html") if suffix else Path(args.output + ".html")
        print(f"policytext: error: render writes an HTML page, not {suffix or 'a file without suffix'!r}; "
              f"name the output OUT.html, e.g. -o {stem} (open it in a browser, or print it to PDF/PNG "
              f"from there)", file=sys.stderr)
        return 2
    doc = load(args.file, reference_date=args.reference_date)
    render(doc, path=args.output, jupyter=False, reference_date=args.reference_date)
    print(f"policytext: wrote {args.output}", file=sys.stderr)
    return 0


def _cmd_sentences(args: argparse.Namespace) -> int:
    """Write the sentences of the inputs, with the model's areas, as an area gold file (JSONL, written atomically)."""
    import json
    from pathlib import Path

    from ..batch.inputs import find_inputs
    from ..classification import load_predictor
    from ..classification.sheet import label_sheet
    from ..export.atomic import atomic_path
    from ..io import load

    files, missing = find_inputs(args.inputs, exclude=[args.output])
    status = 0
    for f, reason in missing:
        print(f"policytext: skipped {f}: {reason}", file=sys.stderr)
        status = 1
    texts = []
    for f in files:
        try:
            texts.append((Path(f).name, load(f).text))
        except PolicyTextError as e:
            print(f"policytext: skipped {f}: {e}", file=sys.stderr)
            status = 1
    if not texts:
        print(f"policytext: no document could be read; {args.output} not written", file=sys.stderr)
        return 1
    model = None if args.blind else load_predictor(args.model)
    rows = label_sheet(texts, model, blank=args.blank, blind=args.blind)
    with atomic_path(args.output) as tmp, open(tmp, "w", encoding="utf-8") as out:
        out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    civil = "" if model is None else \
        f" ({sum(r['model'][0] != model.taxonomy_.fallback for r in rows)} in an area by the model)"
    print(f"policytext: {len(rows)} sentences of {len(texts)} documents{civil} -> {args.output}", file=sys.stderr)
    return status


def _cmd_train(args: argparse.Namespace) -> int:
    from ..classification.model_files import recipe_params
    from ..classification.taxonomy import load_taxonomy
    from ..classification.training import labelled_examples, train

    tax = getattr(args, "taxonomy", None)
    labelled = labelled_examples(args.labelled, args.labelled_docs or ".", load_taxonomy(tax)) if args.labelled else ()
    params = recipe_params(args.params_from) if args.params_from else None
    train(args.laws, args.gwr, args.output, taxonomy=tax, seed=args.seed, gwr_exclude=args.exclude_gwr,
          labelled=labelled, labelled_repeat=args.labelled_repeat, params=params,
          log=lambda line: print(line, flush=True))
    return 0


def _cmd_eval_targets(args: argparse.Namespace) -> int:
    from ..eval.targets import evaluate_targets, format_report

    print(format_report(evaluate_targets(args.gold, args.docs, reference_date=args.reference_date,
                                         only_gold_docs=args.only_gold_docs),
                        verbose=args.verbose))
    return 0


def _cmd_eval_quantities(args: argparse.Namespace) -> int:
    from ..eval.quantities import evaluate_quantities, format_report

    print(format_report(evaluate_quantities(args.gold), verbose=args.verbose))
    return 0


def _cmd_eval_times(args: argparse.Namespace) -> int:
    from ..eval.times import evaluate_times, format_report

    print(format_report(evaluate_times(args.gold), verbose=args.verbose))
    return 0


def _cmd_eval_peers(args: argparse.Namespace) -> int:
    from ..eval.peers import evaluate_peers, format_report

    print(format_report(evaluate_peers(args.peers), verbose=args.verbose, as_json=args.json))
    return 0


def _cmd_eval_areas(args: argparse.Namespace) -> int:
    from ..eval.areas import evaluate_areas, format_report

    report = evaluate_areas(args.gold, args.docs, model=args.model, second=args.second)
    print(format_report(report, verbose=args.verbose))
    return 0


def _cmd_eval_owners(args: argparse.Namespace) -> int:
    from ..eval.owners import evaluate_owners, format_report

    print(format_report(evaluate_owners(args.gold, args.docs), verbose=args.verbose))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
