#!/bin/sh
# azd postdeploy hook (macOS, Linux): finishes what Bicep cannot do before the code is deployed.
#   1. Creates each generated secret (token signing keys, the privacy hash key, the ballot key) that does not exist yet (random, never leaves this machine
#      except into Key Vault), and restarts the app so that its Key Vault references resolve.
#   2. Subscribes the IngestDocument blob trigger to BlobCreated events of the uploads container. The
#      webhook URL carries the blobs_extension system key, which the host creates on first start of a
#      deployment that contains an Event Grid blob trigger.
# Safe to run again (`azd hooks run postdeploy`): existing secrets are kept, the subscription is updated.
# POSIX sh, so that it runs the same under bash, dash and zsh.
set -eu

for variable in AZURE_RESOURCE_GROUP AZURE_FUNCTION_APP_NAME AZURE_FUNCTION_APP_HOST AZURE_KEY_VAULT_NAME \
  EVENT_GRID_SYSTEM_TOPIC_NAME UPLOADS_CONTAINER_NAME INGEST_FUNCTION_NAME GENERATED_SECRET_NAMES; do
  eval "value=\${$variable:-}"
  if [ -z "$value" ]; then
    echo "postdeploy: $variable is not set; run this through azd (azd up, or azd hooks run postdeploy)." >&2
    exit 1
  fi
done

resource_group=$AZURE_RESOURCE_GROUP
app=$AZURE_FUNCTION_APP_NAME

# 1. Generated secrets: token signing keys, the privacy hash key and the ballot key.
secret_file=$(mktemp)
trap 'rm -f "$secret_file"' EXIT
created_secret=false
old_ifs=$IFS
IFS=,
for secret in $GENERATED_SECRET_NAMES; do
  IFS=$old_ifs
  if az keyvault secret show --vault-name "$AZURE_KEY_VAULT_NAME" --name "$secret" --query id --output tsv >/dev/null 2>&1; then
    echo "postdeploy: Key Vault secret $secret exists; kept."
  else
    # Through a file rather than --value, so that the key never shows in the process list.
    (umask 077 && head -c 64 /dev/urandom | base64 | tr -d '\n' >"$secret_file")
    az keyvault secret set --vault-name "$AZURE_KEY_VAULT_NAME" --name "$secret" --file "$secret_file" \
      --encoding utf-8 --output none
    : >"$secret_file"
    created_secret=true
    echo "postdeploy: created Key Vault secret $secret."
  fi
done
IFS=$old_ifs

if [ "$created_secret" = true ]; then
  az functionapp restart --resource-group "$resource_group" --name "$app" --output none
fi

# 2. Event Grid subscription for the IngestDocument blob trigger.
if ! az functionapp function show --resource-group "$resource_group" --name "$app" \
  --function-name "$INGEST_FUNCTION_NAME" --query name --output tsv >/dev/null 2>&1; then
  echo "postdeploy: $INGEST_FUNCTION_NAME is not part of this deployment; no Event Grid subscription needed yet."
  exit 0
fi

# The host creates the key shortly after it starts; give it a few minutes.
key=""
attempt=1
while [ "$attempt" -le 18 ]; do
  key=$(az functionapp keys list --resource-group "$resource_group" --name "$app" \
    --query "systemKeys.blobs_extension" --output tsv 2>/dev/null || true)
  [ -n "$key" ] && break
  echo "postdeploy: waiting for the blobs_extension system key ($attempt/18)..."
  sleep 10
  attempt=$((attempt + 1))
done

if [ -z "$key" ]; then
  echo "postdeploy: no blobs_extension system key on $app; run 'azd hooks run postdeploy' once the app has started." >&2
  exit 1
fi

endpoint="https://$AZURE_FUNCTION_APP_HOST/runtime/webhooks/blobs?functionName=Host.Functions.$INGEST_FUNCTION_NAME&code=$key"

az eventgrid system-topic event-subscription create \
  --name "${UPLOADS_CONTAINER_NAME}-to-$(echo "$INGEST_FUNCTION_NAME" | tr '[:upper:]' '[:lower:]')" \
  --resource-group "$resource_group" \
  --system-topic-name "$EVENT_GRID_SYSTEM_TOPIC_NAME" \
  --endpoint-type webhook \
  --endpoint "$endpoint" \
  --included-event-types Microsoft.Storage.BlobCreated \
  --subject-begins-with "/blobServices/default/containers/$UPLOADS_CONTAINER_NAME/" \
  --event-delivery-schema eventgridschema \
  --output none

echo "postdeploy: BlobCreated events of container $UPLOADS_CONTAINER_NAME go to $INGEST_FUNCTION_NAME."
