#!/bin/sh
# azd postdeploy hook (macOS, Linux): subscribes the IngestDocument blob trigger to BlobCreated events of the
# uploads container. The webhook URL carries the blobs_extension system key, which the host creates on the first
# start of a deployment that holds an Event Grid blob trigger: this is why it cannot be in Bicep.
#   - Events that cannot be delivered are retried (RETRY_POLICY below), then dead-lettered into the
#     DEAD_LETTER_CONTAINER_NAME container with the system topic's identity; the ReprocessDeadLetteredUploads
#     timer ingests them from there.
#   - IngestDocument must be part of the deployment: the hook retries the lookup (the function list lags behind a
#     deployment), then fails; it never reports success without the subscription.
# Every az call names azd's subscription. Safe to run again (`azd hooks run postdeploy`): the subscription is updated.
# postdeploy.ps1 does the same for Windows. POSIX sh, so that it runs the same under bash, dash and zsh.
set -eu

for variable in AZURE_SUBSCRIPTION_ID AZURE_RESOURCE_GROUP AZURE_FUNCTION_APP_NAME AZURE_FUNCTION_APP_HOST \
  AZURE_STORAGE_ACCOUNT_NAME EVENT_GRID_SYSTEM_TOPIC_NAME UPLOADS_CONTAINER_NAME DEAD_LETTER_CONTAINER_NAME \
  INGEST_FUNCTION_NAME; do
  eval "value=\${$variable:-}"
  if [ -z "$value" ]; then
    echo "postdeploy: $variable is not set; run this through azd (azd up, or azd hooks run postdeploy)." >&2
    exit 1
  fi
done

subscription=$AZURE_SUBSCRIPTION_ID
resource_group=$AZURE_RESOURCE_GROUP
app=$AZURE_FUNCTION_APP_NAME
wait_seconds=${COP_HOOK_RETRY_SECONDS:-10}
attempts=18

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Percent-encodes $1 for a URL's query string: letters, digits and -._~ stay, every other byte becomes %XX. The
# result needs no escaping in JSON either, so the key can neither break the body nor lose a '+' to a space.
url_encode() {
  printf '%s' "$1" | od -An -v -tx1 | tr -s ' \n' '\n\n' | while read -r byte; do
    case $byte in
      '') ;;
      3[0-9] | 4[1-9a-f] | 5[0-9a] | 6[1-9a-f] | 7[0-9a] | 2d | 2e | 5f | 7e) printf "\\$(printf '%o' "0x$byte")" ;;
      *) printf '%%%s' "$(printf '%s' "$byte" | tr 'a-f' 'A-F')" ;;
    esac
  done
}

# 1. IngestDocument must be deployed; the function list can lag a few minutes behind the deployment.
attempt=1
until [ "$(az functionapp function show --subscription "$subscription" --resource-group "$resource_group" --name "$app" \
  --function-name "$INGEST_FUNCTION_NAME" --query name --output tsv 2>"$work/errors" || true)" != "" ]; do
  if [ "$attempt" -ge "$attempts" ]; then
    echo "postdeploy: $INGEST_FUNCTION_NAME is not among the functions of $app; uploads would never be ingested." >&2
    echo "postdeploy: check the deployment (azd deploy), then run 'azd hooks run postdeploy'. Last answer:" >&2
    cat "$work/errors" >&2
    exit 1
  fi
  echo "postdeploy: waiting for $INGEST_FUNCTION_NAME to be listed ($attempt/$attempts)..."
  sleep "$wait_seconds"
  attempt=$((attempt + 1))
done

# 2. The blobs_extension system key: the host creates it shortly after it starts.
key=""
attempt=1
while [ "$attempt" -le "$attempts" ]; do
  key=$(az functionapp keys list --subscription "$subscription" --resource-group "$resource_group" --name "$app" \
    --query "systemKeys.blobs_extension" --output tsv 2>/dev/null || true)
  [ -n "$key" ] && break
  echo "postdeploy: waiting for the blobs_extension system key ($attempt/$attempts)..."
  sleep "$wait_seconds"
  attempt=$((attempt + 1))
done

if [ -z "$key" ]; then
  echo "postdeploy: no blobs_extension system key on $app; run 'azd hooks run postdeploy' once the app has started." >&2
  exit 1
fi

# 3. The subscription, through the ARM API so that retries and dead-lettering are stated in one body. The body
# holds the key: it goes through a file that only this user can read, never through the process list.
storage_id="/subscriptions/$subscription/resourceGroups/$resource_group/providers/Microsoft.Storage/storageAccounts/$AZURE_STORAGE_ACCOUNT_NAME"
subscription_name="${UPLOADS_CONTAINER_NAME}-to-$(echo "$INGEST_FUNCTION_NAME" | tr '[:upper:]' '[:lower:]')"
endpoint="https://$AZURE_FUNCTION_APP_HOST/runtime/webhooks/blobs?functionName=Host.Functions.$INGEST_FUNCTION_NAME&code=$(url_encode "$key")"
(umask 077 && cat >"$work/body.json" <<EOF
{
  "properties": {
    "destination": {
      "endpointType": "WebHook",
      "properties": { "endpointUrl": "$endpoint", "maxEventsPerBatch": 1 }
    },
    "filter": {
      "includedEventTypes": ["Microsoft.Storage.BlobCreated"],
      "subjectBeginsWith": "/blobServices/default/containers/$UPLOADS_CONTAINER_NAME/"
    },
    "eventDeliverySchema": "EventGridSchema",
    "retryPolicy": { "maxDeliveryAttempts": 30, "eventTimeToLiveInMinutes": 1440 },
    "deadLetterWithResourceIdentity": {
      "identity": { "type": "SystemAssigned" },
      "deadLetterDestination": {
        "endpointType": "StorageBlob",
        "properties": { "resourceId": "$storage_id", "blobContainerName": "$DEAD_LETTER_CONTAINER_NAME" }
      }
    }
  }
}
EOF
)

# Event Grid validates the webhook when it creates the subscription; a host that has just started can fail that
# handshake (it answers before it has loaded its system keys), so a failed PUT is tried again. The PUT is idempotent.
put_attempts=5
attempt=1
until az rest --method put --output none --body "@$work/body.json" \
  --url "https://management.azure.com/subscriptions/$subscription/resourceGroups/$resource_group/providers/Microsoft.EventGrid/systemTopics/$EVENT_GRID_SYSTEM_TOPIC_NAME/eventSubscriptions/$subscription_name?api-version=2025-02-15" \
  2>"$work/errors"; do
  if [ "$attempt" -ge "$put_attempts" ]; then
    echo "postdeploy: Event Grid did not create the subscription; run 'azd hooks run postdeploy' again. Last answer:" >&2
    cat "$work/errors" >&2
    exit 1
  fi
  echo "postdeploy: Event Grid did not create the subscription yet ($attempt/$put_attempts): $(head -c 300 "$work/errors")"
  sleep "$wait_seconds"
  attempt=$((attempt + 1))
done

echo "postdeploy: BlobCreated events of container $UPLOADS_CONTAINER_NAME go to $INGEST_FUNCTION_NAME (30 attempts over 24 h, then $DEAD_LETTER_CONTAINER_NAME)."
