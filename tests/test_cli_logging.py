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
