#!/bin/sh
# Locks the evidence container's immutability policy when LOCK_EVIDENCE_IMMUTABILITY_POLICY
# (main.bicep output, from the lockEvidenceImmutabilityPolicy parameter) is true.
#
# ARM cannot lock a policy declaratively: locking is a POST that needs the policy's current ETag.
# It is IRREVERSIBLE. A locked policy's retention can be lengthened, never shortened; the policy
# cannot be removed; the container and the account cannot be deleted while they hold protected
# versions. The hook asks for the environment name typed back before it locks.
set -eu

if [ "${LOCK_EVIDENCE_IMMUTABILITY_POLICY:-false}" != "true" ]; then
  echo "Evidence immutability policy left unlocked (lockEvidenceImmutabilityPolicy = false)."
  exit 0
fi

account="${EVIDENCE_STORAGE_ACCOUNT:?}"
container="${EVIDENCE_CONTAINER:?}"
group="${AZURE_RESOURCE_GROUP:?}"

state=$(az storage container immutability-policy show \
  --account-name "$account" --container-name "$container" --resource-group "$group" \
  --query state --output tsv)
if [ "$state" = "Locked" ]; then
  echo "Evidence immutability policy is already locked."
  exit 0
fi

printf 'Locking the immutability policy of %s/%s is irreversible. Type the environment name (%s) to lock: ' \
  "$account" "$container" "${AZURE_ENV_NAME:?}"
read -r answer
if [ "$answer" != "$AZURE_ENV_NAME" ]; then
  echo "Not locked." >&2
  exit 1
fi

etag=$(az storage container immutability-policy show \
  --account-name "$account" --container-name "$container" --resource-group "$group" \
  --query etag --output tsv)
az storage container immutability-policy lock \
  --account-name "$account" --container-name "$container" --resource-group "$group" \
  --if-match "$etag"
echo "Evidence immutability policy locked."
