"""What an analyst reads: terminal summaries and the self-contained HTML report.

``figures`` and ``zopa`` make the charts, ``tables`` the tables, ``html`` assembles
``report.html`` (plotly.js inline, no network), ``summary`` the terminal view.
"""

from detente.report.html import render_report, write_report
from detente.report.summary import forecast_summary

__all__ = ["forecast_summary", "render_report", "write_report"]
