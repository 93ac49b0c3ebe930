#!/bin/sh
# After the first `azd deploy`: the app now runs IngestUpload, so its blobs_extension system key
# exists and the intake Event Grid subscription can be created (Event Grid also validates the
# webhook against the running app). Turn it on for this environment and provision again.
set -eu

if [ "${INTAKE_EVENT_SUBSCRIPTION:-Disabled}" = "Enabled" ]; then
  echo "Intake Event Grid subscription already enabled for this environment."
  exit 0
fi

echo "Enabling the intake Event Grid subscription (needs the deployed app's blobs_extension key)..."
azd env set INTAKE_EVENT_SUBSCRIPTION Enabled
azd provision --no-prompt
