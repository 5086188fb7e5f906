// Differential oracle: runs Walrus's own Red Stuff encoder (walrus-core compiled to WebAssembly,
// npm package @mysten/walrus-wasm) on commands written by the Java tests.
//
// Usage: node walrus-oracle.js <commands.json> <results.json>
// commands.json: an array of commands; results.json receives an array of results in the same order.
//   {"op":"metadata","nShards":N,"input":"<blob file>"}
//       -> {"blobId":hex,"rootHash":hex,"unencodedLength":L,"encodingType":"RS2"}
//   {"op":"encode","nShards":N,"input":"<blob file>","outPrefix":"<path prefix>"}
//       -> writes <prefix>.primary (BCS SliverData of primary slivers 0..N-1, concatenated) and
//          <prefix>.secondary (BCS SliverData of the secondary slivers in SLIVER PAIR order p = 0..N-1,
//          i.e. secondary sliver N-1-p at position p), each entry of a fixed size;
//          {"blobId":hex,"rootHash":hex,"unencodedLength":L,"primaryBcsSize":..,"secondaryBcsSize":..,
//           "primaryHashes":[hex..],"secondaryHashes":[hex..]}  (hashes by sliver pair index)
//   {"op":"none"} -> {} (a placeholder that keeps result positions aligned)
//   {"op":"decode","nShards":N,"blobId":hex,"size":L,"slivers":"<file>","sliverBcsSize":B,"output":"<file>"}
//       -> decodes the concatenated BCS primary slivers (each B bytes) and writes the blob to <output>;
//          {"ok":true} or {"error":message}
// Any failure to load the package exits with status 2 and a message on stderr.
'use strict';
const fs = require('fs');
const path = require('path');

function loadWasm() {
  const root = process.env.FLOE_ROOT || path.resolve(__dirname, '../../../..');
  const pkg = path.join(root, 'node_modules', '@mysten', 'walrus-wasm');
  try {
    return require(pkg);
  } catch (e) {
    process.stderr.write('cannot load @mysten/walrus-wasm from ' + pkg + ': ' + e.message + '\n');
    process.exit(2);
  }
}

const wasm = loadWasm();
const encoders = new Map();

function encoder(nShards) {
  if (!encoders.has(nShards)) {
    encoders.set(nShards, new wasm.BlobEncoder(nShards));
  }
  return encoders.get(nShards);
}

function hex(bytes) {
  return Buffer.from(bytes).toString('hex');
}

function nodeHex(node) {
  if (node === 'Empty') {
    return '0'.repeat(64);
  }
  return hex(node.Digest);
}

function ulebSize(value) {
  let size = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 128);
    size++;
  }
  return size;
}

function bcsSliverSize(symbols, symbolSize) {
  const len = symbols * symbolSize;
  return ulebSize(len) + len + 2 + 2;
}

function symbolSize(nShards, length) {
  const f = Math.floor((nShards - 1) / 3);
  const rows = nShards - 2 * f;
  const cols = nShards - f;
  let s = Math.floor((Math.max(length, 1) - 1) / (rows * cols)) + 1;
  if (s % 2 === 1) {
    s++;
  }
  return { rows, cols, s };
}

function metadata(cmd) {
  const data = fs.readFileSync(cmd.input);
  const [blobId, rootHash, length, type] = encoder(cmd.nShards).compute_metadata(data);
  return { blobId: hex(blobId), rootHash: nodeHex(rootHash), unencodedLength: Number(length), encodingType: type };
}

function encode(cmd) {
  const data = fs.readFileSync(cmd.input);
  const n = cmd.nShards;
  const { rows, cols, s } = symbolSize(n, data.length);
  const pSize = bcsSliverSize(cols, s);
  const sSize = bcsSliverSize(rows, s);
  const primaryAll = new Uint8Array(pSize * n);
  const secondaryAll = new Uint8Array(sSize * n);
  const primary = [];
  const secondary = [];
  for (let i = 0; i < n; i++) {
    primary.push(primaryAll.subarray(i * pSize, (i + 1) * pSize));
    secondary.push(secondaryAll.subarray(i * sSize, (i + 1) * sSize));
  }
  const [md, rootHash] = encoder(n).encode(data, primary, secondary);
  fs.writeFileSync(cmd.outPrefix + '.primary', primaryAll);
  fs.writeFileSync(cmd.outPrefix + '.secondary', secondaryAll);
  const hashes = md.metadata.V1.hashes;
  return {
    blobId: hex(md.blob_id),
    rootHash: nodeHex(rootHash),
    unencodedLength: Number(md.metadata.V1.unencoded_length),
    encodingType: md.metadata.V1.encoding_type,
    primaryBcsSize: pSize,
    secondaryBcsSize: sSize,
    primaryHashes: hashes.map((h) => nodeHex(h.primary_hash)),
    secondaryHashes: hashes.map((h) => nodeHex(h.secondary_hash)),
  };
}

function decode(cmd) {
  const all = fs.readFileSync(cmd.slivers);
  const b = cmd.sliverBcsSize;
  if (all.length % b !== 0) {
    return { error: 'sliver file length ' + all.length + ' is not a multiple of ' + b };
  }
  const buffers = [];
  for (let off = 0; off < all.length; off += b) {
    buffers.push(new Uint8Array(all.subarray(off, off + b)));
  }
  const out = new Uint8Array(cmd.size);
  const blobId = Array.from(Buffer.from(cmd.blobId, 'hex'));
  try {
    encoder(cmd.nShards).decode(blobId, BigInt(cmd.size), buffers, out);
  } catch (e) {
    return { error: String(e && e.message ? e.message : e) };
  }
  fs.writeFileSync(cmd.output, out);
  return { ok: true };
}

function none() {
  return {};
}

const OPS = { metadata, encode, decode, none };

function main() {
  if (process.argv.length !== 4) {
    process.stderr.write('usage: node walrus-oracle.js <commands.json> <results.json>\n');
    process.exit(2);
  }
  const commands = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const results = commands.map((cmd) => {
    const op = OPS[cmd.op];
    if (!op) {
      return { error: 'unknown op ' + cmd.op };
    }
    return op(cmd);
  });
  fs.writeFileSync(process.argv[3], JSON.stringify(results));
}

main();
