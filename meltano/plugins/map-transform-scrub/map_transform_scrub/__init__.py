"""meltano-map-transform, with `scrub_text` offered to its stream-map expressions.

The SDK's evaluator has no `re`, so free text cannot be scrubbed with the SDK's own functions;
the runtime registers `scrub_text` with the SDK's stream maps when it is imported
(`reliability_tap_runtime.sdk_seam.register_map_functions`), as it does in every SDK tap of
the project. Importing it here gives the mapper the same function, so one spec
(meltano/privacy.yml) scrubs the survey's free text on both of its paths.
"""

from __future__ import annotations

import reliability_tap_runtime  # noqa: F401 - registers scrub_text with the SDK's stream maps
from meltano_map_transform.mapper import StreamTransform

__all__ = ["main"]


def main() -> None:
    """Run the map transformer (Meltano passes `--config <file>`)."""
    StreamTransform.cli()
