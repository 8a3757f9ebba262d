// Local stand-in for Event Grid, which does not exist against Azurite: PUTs a file to the upload URL that
// POST /api/documents/uploads answered (with the headers it asked for), then POSTs the BlobCreated notification
// that Event Grid would send to the running host's blob webhook, which invokes IngestDocument.
//
//   node functions/local/send-blob-event.mjs <uploadUrl> <file> [--content-type T] [--host http://localhost:7071] [--code KEY]
//   node functions/local/send-blob-event.mjs --event-only <blobUrl> [--host …] [--code …]   (the blob is already there)
//
// No dependencies: Node 20's fetch. The notification carries the blob's URL without the SAS.
import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';

const args = process.argv.slice(2);
function option(name, fallback) {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const [, value] = args.splice(i, 2);
  return value;
}

const host = option('--host', 'http://localhost:7071').replace(/\/$/, '');
const code = option('--code', '');
const declaredType = option('--content-type', '');
const eventOnly = args.includes('--event-only');
const positional = args.filter((a) => a !== '--event-only');

const types = {
  '.pdf': 'application/pdf', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif',
  '.webp': 'image/webp', '.mp4': 'video/mp4', '.csv': 'text/csv', '.txt': 'text/plain', '.md': 'text/plain',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  '.odt': 'application/vnd.oasis.opendocument.text', '.ods': 'application/vnd.oasis.opendocument.spreadsheet',
  '.odp': 'application/vnd.oasis.opendocument.presentation',
};

function fail(message) {
  console.error(message);
  process.exit(1);
}

if (positional.length !== (eventOnly ? 1 : 2)) {
  fail('Usage: node functions/local/send-blob-event.mjs <uploadUrl> <file> [--content-type T] [--host URL] [--code KEY]\n' +
       '       node functions/local/send-blob-event.mjs --event-only <blobUrl> [--host URL] [--code KEY]');
}

const target = new URL(positional[0]);
let contentType = declaredType || 'application/octet-stream';
let contentLength = 0;
let eTag = '"0x0"';

if (!eventOnly) {
  const file = positional[1];
  contentType = declaredType || types[extname(file).toLowerCase()] || contentType;
  const body = await readFile(file);
  contentLength = (await stat(file)).size;
  const put = await fetch(target, {
    method: 'PUT',
    headers: { 'x-ms-blob-type': 'BlockBlob', 'Content-Type': contentType },
    body,
  });
  if (!put.ok) fail(`PUT to the upload URL answered ${put.status}: ${await put.text()}`);
  eTag = put.headers.get('etag') ?? eTag;
  console.log(`Uploaded ${contentLength} bytes (${contentType}).`);
}

// The blob's address without the SAS; path style on Azurite: /<account>/<container>/<documentId>/<fileName>.
// Event Grid puts the encoded URL in data.url and the plain blob name in the subject.
const blobUrl = `${target.origin}${target.pathname}`;
const [, account, container, ...name] = target.pathname.split('/').map(decodeURIComponent);
const event = [{
  id: randomUUID(),
  topic: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.Storage/storageAccounts/${account}`,
  subject: `/blobServices/default/containers/${container}/blobs/${name.join('/')}`,
  eventType: 'Microsoft.Storage.BlobCreated',
  eventTime: new Date().toISOString(),
  dataVersion: '',
  metadataVersion: '1',
  data: {
    api: 'PutBlob',
    clientRequestId: randomUUID(),
    requestId: randomUUID(),
    eTag,
    contentType,
    contentLength,
    blobType: 'BlockBlob',
    url: blobUrl,
    sequencer: '0000000000000000000000000000000000000000000000000000000000000000',
    storageDiagnostics: { batchId: randomUUID() },
  },
}];

const webhook = new URL('/runtime/webhooks/blobs', host);
webhook.searchParams.set('functionName', 'Host.Functions.IngestDocument');
if (code) webhook.searchParams.set('code', code);
const post = await fetch(webhook, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', 'aeg-event-type': 'Notification' },
  body: JSON.stringify(event),
});
if (!post.ok) fail(`The host answered ${post.status}: ${await post.text()}`);
console.log(`Event Grid notification delivered for ${container}/${name.join('/')} (host answered ${post.status}).`);
