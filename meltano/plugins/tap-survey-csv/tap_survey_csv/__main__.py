"""Run the tap: ``python -m tap_survey_csv``."""

from tap_survey_csv.tap import TapSurveyCSV

TapSurveyCSV.cli()
