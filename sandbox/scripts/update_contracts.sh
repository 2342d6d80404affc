#!/usr/bin/env bash
# Download the vendors' published OpenAPI documents at the pinned versions and regenerate
# reliability_sandbox/contracts/<vendor>.json (see contracts/SOURCES.md). Needs network
# access to GitHub, PyPI and the npm registry; bump a pin here, rerun, review the diff.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-../.venv/bin/python}"
PAGERDUTY_COMMIT=91a06fb3c64b0ab2b2bd6c485d12b327dfb55c18
SENTRY_COMMIT=a589a26c3b29bfc342a47baa963b7970961f958e
OCTOKIT_OPENAPI=23.0.2
DATADOG_API_CLIENT=2.62.0
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

curl -fsSL -o "$work/pagerduty.json" \
  "https://raw.githubusercontent.com/PagerDuty/api-schema/$PAGERDUTY_COMMIT/reference/REST/openapiv3.json"
curl -fsSL -o "$work/sentry.json" \
  "https://raw.githubusercontent.com/getsentry/sentry-api-schema/$SENTRY_COMMIT/openapi-derefed.json"
(cd "$work" && npm pack --silent "@octokit/openapi@$OCTOKIT_OPENAPI" >/dev/null && tar xzf octokit-openapi-*.tgz)
"$PY" -m pip download --quiet --no-deps --no-binary :all: -d "$work" "datadog-api-client==$DATADOG_API_CLIENT"
tar xzf "$work/datadog_api_client-$DATADOG_API_CLIENT.tar.gz" -C "$work"
dd="$work/datadog_api_client-$DATADOG_API_CLIENT/.generator/schemas"

"$PY" scripts/extract_contracts.py pagerduty "$work/pagerduty.json" --licence Apache-2.0 \
  --source "github.com/PagerDuty/api-schema@$PAGERDUTY_COMMIT:reference/REST/openapiv3.json"
"$PY" scripts/extract_contracts.py sentry "$work/sentry.json" --licence FSL-1.1-Apache-2.0 \
  --source "github.com/getsentry/sentry-api-schema@$SENTRY_COMMIT:openapi-derefed.json"
"$PY" scripts/extract_contracts.py github "$work/package/generated/api.github.com.json" --licence MIT \
  --source "npm @octokit/openapi@$OCTOKIT_OPENAPI:generated/api.github.com.json (GitHub's github/rest-api-description)"
"$PY" scripts/extract_contracts.py datadog "$dd/v1/openapi.yaml" "$dd/v2/openapi.yaml" --licence Apache-2.0 \
  --source "PyPI datadog-api-client==$DATADOG_API_CLIENT (sdist):.generator/schemas/v1/openapi.yaml and .generator/schemas/v2/openapi.yaml (github.com/DataDog/datadog-api-client-python)"
