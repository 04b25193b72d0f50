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
