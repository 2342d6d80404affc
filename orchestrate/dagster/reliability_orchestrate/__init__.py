"""Dagster definitions for the reliability pipeline."""
