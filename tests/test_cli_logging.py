"""`python -m policytext`, logging levels of the command line, the licence file."""
from __future__ import annotations

import configparser
import logging
import subprocess
import sys
from pathlib import Path

from policytext.faces.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "samples" / "report_bixi_2022.pdf"


def test_python_m_policytext_runs_the_cli():
    r = subprocess.run([sys.executable, "-m", "policytext", "--help"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0
    assert r.stdout.startswith("usage: policytext") and "convert" in r.stdout


def test_debug_shows_policytext_and_hides_third_party_noise(capsys):
    assert main(["--log-level", "DEBUG", "info", str(SAMPLE)]) == 0
    err = capsys.readouterr().err
    assert "pdfminer" not in err and "trafilatura" not in err
    assert logging.getLogger("pdfminer").getEffectiveLevel() >= logging.WARNING
    assert logging.getLogger("policytext").level == logging.DEBUG


def test_licence_file_is_shipped():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    assert cfg["metadata"]["license"] == "MIT" and cfg["metadata"]["license_files"].strip() == "LICENSE"


def test_issue_15_info_logs_one_line_per_step(tmp_path, capsys):
    """--log-level INFO: load, cleaning, tasks and convert each say what they did, with counts and seconds."""
    out = tmp_path / "任务.xlsx"
    assert main(["--log-level", "INFO", "convert", str(SAMPLE), "-o", str(out), "--no-progress"]) == 0
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("INFO ")]
    steps = {line.split(":")[1].split()[0]: line for line in lines}
    assert set(steps) == {"load", "cleaning", "tasks", "convert"}, lines
    assert len(lines) == 4 and all(line.split()[1].startswith("policytext") for line in lines)
    assert all(line.endswith(" s") and " in " in line for line in lines)
    assert "characters" in steps["load"] and "sections" in steps["cleaning"]
    assert "tasks" in steps["tasks"] and "targets" in steps["convert"]
    assert "jieba" not in err and "pdfminer" not in err and "Building prefix" not in err


def test_issue_15_warning_level_prints_no_info(tmp_path, capsys):
    assert main(["convert", str(SAMPLE), "-o", str(tmp_path / "t.md"), "--no-progress"]) == 0
    assert "INFO" not in capsys.readouterr().err
