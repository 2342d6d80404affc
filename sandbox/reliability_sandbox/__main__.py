"""``python -m reliability_sandbox``: same as the ``reliability-sandbox`` command."""

import sys

from reliability_sandbox.cli import main

sys.exit(main())
