"""Evaluation against gold files: precision, recall, F1 and friends.

One module per thing evaluated (``targets``, ``quantities``, ``times``,
``areas``); :mod:`policytext.eval.metrics` holds the shared arithmetic and
table printing.
"""
