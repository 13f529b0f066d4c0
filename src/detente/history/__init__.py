"""What history says: the UCDP reference class, the recalibration map fitted on the case library
and the relapse hazard ratios of peace-agreement provisions fitted on UCDP PAD (``provisions``).

Below the forecast pipeline so that every forecast, not only the backtest, can report the
calibrated probability beside the raw simulation (``calibrated``); the backtest fits what is
shipped here (``detente.backtest``, ``scripts/ship_recalibration.py``).
"""
