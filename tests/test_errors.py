import pickle

import pytest

from policytext import errors

# fmt: off
CASES = [
    (errors.DocumentLoadError, OSError),
    (errors.UnsupportedFormatError, ValueError),
    (errors.DecodeError, UnicodeError),
    (errors.CorruptDocumentError, OSError),
    (errors.ModelNotFoundError, FileNotFoundError),
    (errors.NotFittedError, AttributeError),
    (errors.DocumentTimeoutError, TimeoutError),
    (errors.DocumentTimeoutError, errors.DocumentLoadError),
    (errors.OutputError, OSError),
]
# fmt: on


@pytest.mark.parametrize("cls,builtin", CASES)
def test_errors_subclass_builtins(cls, builtin):
    assert issubclass(cls, errors.PolicyTextError)
    assert issubclass(cls, builtin)


def test_load_errors_name_file_and_survive_pickle():
    e = errors.EncryptedDocumentError("计划.pdf", "the PDF is encrypted")
    again = pickle.loads(pickle.dumps(e))
    assert str(again) == "计划.pdf: the PDF is encrypted"
    assert type(again) is errors.EncryptedDocumentError


@pytest.mark.parametrize("err", [errors.DocumentTimeoutError("a.pdf", "took longer than 2 s"),
                                 errors.OutputError("out/任务.xlsx", "the folder out does not exist")])
def test_issue_10_new_errors_survive_pickle(err):
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is type(err) and str(again) == str(err)
