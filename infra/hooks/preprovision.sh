#!/bin/sh
# Generates the audit chain key (32 random bytes, base64) into the azd environment the first time,
# so that provisioning puts it into Key Vault (the Bicep parameter auditChainKey). It is never
# regenerated: a different key under the same key id would make every record it keyed fail to
# verify. Rotation is a new AUDIT_CHAIN_KEY together with a new AUDIT_CHAIN_KEY_ID (infra/README.md).
set -eu

if [ -n "$(azd env get-value AUDIT_CHAIN_KEY 2>/dev/null || true)" ]; then
  echo "Audit chain key already set in the azd environment."
  exit 0
fi

azd env set AUDIT_CHAIN_KEY "$(openssl rand -base64 32)"
echo "Audit chain key generated into the azd environment (AUDIT_CHAIN_KEY); provisioning stores it in Key Vault."
