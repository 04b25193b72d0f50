"""Session fixtures shared by the test modules."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold"
LAWS = SHARED / "corpora" / "laws"
GWR = SHARED / "corpora" / "gwr"
SAMPLES = ROOT / "corpora" / "samples"


def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", default=False, help="run slow tests")
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/*.json from the current output")
    parser.addoption("--fuzz-cases", type=int, default=int(os.environ.get("POLICYTEXT_FUZZ_CASES", "240")),
                     help="cases run by tests/test_fuzz.py (default 240, or POLICYTEXT_FUZZ_CASES)")
    parser.addoption("--fuzz-seed", type=int, default=int(os.environ.get("POLICYTEXT_FUZZ_SEED", "0")),
                     help="seed of the fuzz cases (default 0, or POLICYTEXT_FUZZ_SEED)")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: shared data lives in ../shared beside the checkout")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return _need(SEEDS)


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    return _need(GOLD)


@pytest.fixture(scope="session")
def laws_dir() -> Path:
    return _need(LAWS)


@pytest.fixture(scope="session")
def gwr_dir() -> Path:
    return _need(GWR)


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


CONVERT_DATA = Path(__file__).parent / "data" / "convert"


@pytest.fixture()
def corpus(tmp_path) -> Path:
    """A folder for batch conversion: tests/data/convert (a plan, a GB18030 speech,
    sub/notice) plus a corrupt docx, an empty file and a .csv (not picked from folders)."""
    import shutil

    folder = tmp_path / "in"
    shutil.copytree(CONVERT_DATA, folder)
    (folder / "坏.docx").write_bytes(b"PK\x03\x04 this is not a real docx file")
    (folder / "空.txt").write_bytes(b"")
    (folder / "说明.csv").write_text("a,b\n", encoding="utf-8")
    return folder


#: One task of a small plan: a target with a deadline, a lead unit and two co-operating units.
PLAN_TASK = "（一）做好养老服务。各县区要在2025年底前使养老服务设施覆盖率达到90%以上，由县民政局牵头，县财政局、县卫健局配合。\n"


@pytest.fixture()
def plan_folder(tmp_path):
    """A factory: ``plan_folder(n)`` is a folder of n small plans (plan i repeats the task i+1 times)
    and a broken PDF, for batch conversion to Parquet, JSONL or on Dask."""

    def make(n: int) -> Path:
        folder = tmp_path / "in"
        folder.mkdir()
        for i in range(n):
            (folder / f"文件{i}.txt").write_text(f"一、任务{i}\n" + PLAN_TASK * (i + 1), encoding="utf-8")
        (folder / "坏.pdf").write_bytes(b"%PDF-1.4 broken")
        return folder

    return make
