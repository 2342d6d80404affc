"""Embedded Postgres warehouse and reliability report for the Meltano project."""
