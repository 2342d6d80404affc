"""tap-survey-csv: a folder of Google Forms response exports as one ``responses`` stream."""

from __future__ import annotations

from typing import Any, ClassVar

# Registers the runtime's scrub_text with the SDK's stream maps: prod's maps scrub the free-text
# answer with it, as in every other tap (docs/privacy.md).
import reliability_tap_runtime  # noqa: F401
from singer_sdk import typing as th
from singer_sdk.contrib.filesystem import FolderTap

from tap_survey_csv.streams import ResponsesStream

#: FolderTap's settings this tap decides itself: one stream, named `responses`.
_FIXED = ("read_mode", "stream_name")


class TapSurveyCSV(FolderTap[ResponsesStream]):
    """Every CSV (or Forms .zip) in a folder, merged into one stream of responses."""

    name = "tap-survey-csv"
    valid_extensions: tuple[str, ...] = (".csv", ".zip", ".CSV", ".ZIP")
    default_stream_class = ResponsesStream

    config_jsonschema: ClassVar[dict[str, Any]] = th.PropertiesList(
        th.Property(
            "time_zone",
            th.StringType,
            default="UTC",
            title="Time zone",
            description=(
                "IANA zone of timestamps written without an offset (a response sheet "
                "downloaded from Sheets: its File > Settings time zone). Forms' own CSV "
                "export writes the offset ('GMT+2') and needs none."
            ),
            examples=["Europe/Berlin"],
        ),
        th.Property(
            "day_first",
            th.BooleanType,
            default=False,
            title="Day first",
            description=(
                "Read '04/07/2026 12:59:16' as 4 July (a sheet in a day-first locale such as "
                "en_GB)."
            ),
        ),
        th.Property(
            "timestamp_column",
            th.StringType,
            default="Timestamp",
            title="Timestamp column",
            description="Header of the submission time (Forms in English: 'Timestamp').",
        ),
        th.Property(
            "email_column",
            th.StringType,
            default="Email Address",
            title="E-mail column",
            description=(
                "Header of the respondent's e-mail (Forms in English: 'Email Address'); part "
                "of the key."
            ),
        ),
        th.Property(
            "encoding",
            th.StringType,
            default="utf-8-sig",
            title="Encoding",
            description="Text encoding of the files (Forms writes UTF-8).",
        ),
        th.Property(
            "delimiter",
            th.StringType,
            default=",",
            title="Delimiter",
            description="Field delimiter.",
        ),
    ).to_dict()

    @classmethod
    def append_builtin_config(cls, config_jsonschema: dict) -> None:
        """FolderTap's settings (path, filesystem, ftp, sftp) without the read mode.

        Args:
            config_jsonschema: The tap's settings schema, extended in place.
        """
        super().append_builtin_config(config_jsonschema)
        for key in _FIXED:
            config_jsonschema["properties"].pop(key, None)
        config_jsonschema["required"] = [
            r for r in config_jsonschema.get("required", []) if r not in _FIXED
        ]
        config_jsonschema["properties"]["path"]["description"] = (
            "The folder holding the exports (.csv, or the .zip Forms downloads): every file in "
            "it is read, and a response in several files is one record."
        )

    def discover_streams(self) -> list:
        """One stream, ``responses``, over every export in the folder.

        Returns:
            The stream.

        Raises:
            ValueError: If the folder does not exist.
        """
        if not self.fs.exists(".") or not self.fs.isdir("."):
            msg = f"Survey folder {self.path} does not exist or is not a directory"
            raise ValueError(msg)
        files = sorted(
            member["name"]
            for member in self.fs.listdir(".")
            if member["type"] == "file" and member["name"].endswith(self.valid_extensions)
        )
        if not files:
            self.logger.warning("No .csv or .zip export in %s: nothing to read", self.path)
        return [ResponsesStream(tap=self, name="responses", filepaths=files, filesystem=self.fs)]


if __name__ == "__main__":
    TapSurveyCSV.cli()
