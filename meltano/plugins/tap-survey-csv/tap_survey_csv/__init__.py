"""tap-survey-csv: the Developer Survey from CSV exports of a Google Form's responses."""
