"""Renderers: functions from the same records (findings, results) to each output format."""
