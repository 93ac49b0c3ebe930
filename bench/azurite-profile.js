#!/usr/bin/env node
// Sums an Azurite CPU profile (a .cpuprofile: bench/azurite-profile-record.js's, or node --cpu-prof's) by the kind of
// request the sampled code served:
//   node bench/azurite-profile.js FILE.cpuprofile [...]
// Prints one line: each kind's share of the samples, largest first, and the sample count. bench/pipeline.sh
// --profile-azurite calls it per step. A sample belongs to the innermost frame on its stack that names a request kind
// (Azurite's handler and metadata-store methods, by name, within its table/blob/queue sources); failing that, to the
// service whose source is on the stack ("table other": HTTP parsing, serialisation, auth of table requests); failing
// that, "other" (node's HTTP server, lokijs persistence, garbage collection) or "idle" (the event loop waiting).
// Two kinds are not requests: a listing page's fill (its later reads run from a continuation, so the handler is not on
// their stack) counts as "blob listing", and Azurite's periodic sweep of unreferenced extents as "blob GC".
'use strict';
const fs = require('fs');

// [kind, file path in Azurite's dist/src, function name]; the first rule that matches a frame wins. Names are Azurite
// 3.37's handler and metadata-store methods; a whole file counts where it serves one kind (the table query compiler).
const kinds = [
  ['table query', /^table\/persistence\/(LokiTableStoreQueryGenerator|QueryInterpreter\/)/, /./],
  ['table query', /^table\//, /^(queryEntities|queryEntitiesWithPartitionAndRowKey|queryTableEntities|queryTableEntitiesWithPartitionAndRowKey|getTableEntity)$/],
  ['table batch', /^table\/batch\//, /./],
  ['table batch', /^table\//, /^batch$/],
  ['blob listing', /^blob\//, /^(listBlobs|listAllBlobs|listBlobFlatSegment|listBlobHierarchySegment|listContainers|filterBlobs)$/],
  // A listing page's later reads run from a continuation, without the handler on the stack: its page fill names them.
  ['blob listing', /^blob\/persistence\/(PageWithDelimiter|LokiBlobMetadataStore)/, /^(fill|readPage)$/],
  // Azurite's mark-and-sweep of unreferenced extents, every 10 minutes whatever the requests.
  ['blob GC', /^(blob\/gc\/|common\/persistence\/)/, /^(markSweep|deleteExtents|deleteExtent)$/],
  ['blob upload', /^(blob\/|common\/persistence\/FSExtentStore)/, /^(upload|createBlob|stageBlock|commitBlockList|appendExtent|setBlobTag|setTags|putBlobFromUrl)$/],
  ['blob download', /^(blob\/|common\/persistence\/FSExtentStore)/, /^(download|downloadBlob|downloadBlockBlobOrAppendBlob|getBlob|readExtent|getProperties|getBlobProperties|getBlobTag|getTags)$/],
  ['queue', /^queue\//, /./],
];

function classify(frames) {
  for (const frame of frames) {
    const file = frame.url.split('/dist/src/')[1];
    if (file === undefined) continue;
    for (const [kind, files, names] of kinds) {
      if (files.test(file) && names.test(frame.functionName)) return kind;
    }
  }
  for (const service of ['table', 'blob']) {
    if (frames.some(f => f.url.includes(`/dist/src/${service}/`))) return `${service} other`;
  }
  return frames[0]?.functionName === '(idle)' ? 'idle' : 'other';
}

const totals = new Map();
let samples = 0;
for (const file of process.argv.slice(2)) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const kindOf = new Map(); // per profile node: its stack's kind, computed once
  for (const id of profile.samples) {
    if (!kindOf.has(id)) {
      const frames = [];
      for (let at = id; at !== undefined; at = parent.get(at)) frames.push(byId.get(at).callFrame);
      kindOf.set(id, classify(frames));
    }
    const kind = kindOf.get(id);
    totals.set(kind, (totals.get(kind) ?? 0) + 1);
    samples++;
  }
}

if (samples === 0) {
  console.log('no samples (was the profile written?)');
  process.exit(1);
}
const shares = [...totals].sort((a, b) => b[1] - a[1]).map(([kind, n]) => `${kind} ${(100 * n / samples).toFixed(0)}%`);
console.log(`${shares.join(', ')} (${samples} samples)`);
