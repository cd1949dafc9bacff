"""Dashboards: the pages of each part attach their routes to the blueprint `bp`.

- results_views: a survey's results as charts and tables, per-question CSV, the printable
  report, the switch that makes results public, and plotly.js served by the app itself;
- findings: the findings a zone draws from its results;
- texts: residents' written answers, for the zone's people to read and mark;
- network: the network's results across zones.
"""

from app.dashboards import bp, findings, network, results_views, texts

__all__ = ["bp", "findings", "network", "results_views", "texts"]
