// Test oracle: Walrus's own encoder (walrus-core compiled to WebAssembly) computes blob metadata.
// Usage: node walrus-metadata.js <repo root> <nShards> <size> <seed> [<nShards> <size> <seed> ...]
// Prints one line per triple: nShards size blobIdHex rootHex. The blob bytes come from a simple
// seeded generator so the Java side need not reproduce them.
'use strict';
const path = require('path');
const w = require(path.join(process.argv[2], 'node_modules', '@mysten', 'walrus-wasm'));
const args = process.argv.slice(3).map(Number);
for (let i = 0; i < args.length; i += 3) {
  const [n, size, seed] = args.slice(i, i + 3);
  const data = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let j = 0; j < size; j++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    data[j] = x & 0xff;
  }
  const [blobId, root, length, type] = new w.BlobEncoder(n).compute_metadata(data);
  if (Number(length) !== size || type !== 'RS2') throw new Error('unexpected metadata ' + length + ' ' + type);
  const hex = (a) => Buffer.from(a).toString('hex');
  console.log(`${n} ${size} ${hex(blobId)} ${hex(root.Digest)}`);
}
