"""Scoring bargaining models against real outcomes (``detente evaluate``)."""

from detente.evaluation.scores import Evaluation, evaluate, paired_bootstrap, score_errors

__all__ = ["Evaluation", "evaluate", "paired_bootstrap", "score_errors"]
