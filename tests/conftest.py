"""Session fixtures shared by the test modules."""
from __future__ import annotations

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
