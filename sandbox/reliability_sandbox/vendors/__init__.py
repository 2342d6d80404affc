"""The emulated vendors, one package each (see :mod:`reliability_sandbox.vendors.registry`)."""
