"""Diagnosis dashboards: survey results counted by the database, with small-cell suppression."""
