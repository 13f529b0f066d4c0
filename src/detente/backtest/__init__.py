"""Backtest of the forecasts against resolved peace processes, and the base rates they must beat."""
