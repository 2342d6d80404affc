"""What the reliability taps share: transport, error policy, concurrency, the SDK seam.

Each tap's `client.py` keeps only what is its vendor's own (hosts, auth, error wording,
rate-limit headers, paginator); everything else lives here once:

- :mod:`.throttle` — the request budget and the in-flight cap shared by a run's threads;
- :mod:`.http` — the session every stream of a run shares, and JSON decoded once;
- :mod:`.errors` — the error policy: what is retried, what stops the run, what is skipped
  (a child that vanished between listing and reading) and the end-of-run summary;
- :mod:`.stream` — `VendorStream`, a `RESTStream` with that policy, retries honouring the
  vendor's rate-limit headers, and one request usable from worker threads;
- :mod:`.pool` — ordered concurrent fetches with bounded look-ahead;
- :mod:`.writer` — Singer messages serialised with msgspec and written in chunks;
- :mod:`.collector` — the cyclic garbage collector run less often while records stream;
- :mod:`.settings` — the transport settings every tap offers;
- :mod:`.state` — the incoming state checked at start (shape, bookmarks not in the future);
- :mod:`.repeats` — rows served twice kept once, listings that stop making progress stopped;
- :mod:`.target_guard` — target-postgres run so that a stop signal mid-write fails the run;
- :mod:`.scrub` — free text scrubbed of e-mail addresses, phone numbers and IPs (privacy on);
- :mod:`.sdk_seam` — the only module that touches singer-sdk internals.

Importing the package registers the runtime's stream-map functions (`scrub_text`), so every
tap that uses any part of it — tap-postmortems only its state check — can run the privacy maps.
"""

from reliability_tap_runtime import sdk_seam

sdk_seam.register_map_functions()
