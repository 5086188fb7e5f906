#!/usr/bin/env node
// Compiles Floe's Solidity sources offline with the pinned solc-js (standard-JSON input, pinned EVM
// version) and writes <Name>.abi / <Name>.bin for every deployable contract into the output folder.
// Usage: node compile.js <repo root> <output dir>
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(process.argv[2] || path.join(__dirname, '..'));
const outDir = path.resolve(process.argv[3] || path.join(__dirname, 'target', 'solidity'));
const solcDir = path.join(root, 'node_modules', 'solc');
if (!fs.existsSync(solcDir)) {
  console.error(`solc-js not found at ${solcDir}: run 'bash ${path.join(root, 'tools', 'npm-ensure.sh')}' ` +
    '(the root Maven build runs it at validate)');
  process.exit(1);
}
const solc = require(solcDir);

const EVM_VERSION = 'cancun';
const MAX_CODE_SIZE = 24576; // EIP-170
const MAX_INITCODE_SIZE = 49152; // EIP-3860
// A host contract runs its extension's functions from its fallback through DELEGATECALL: callers use
// the host's address, so the host's published ABI includes the extension's functions, events and
// errors, and both must have the same storage layout (checked below).
const EXTENSIONS = { FloeStaking: 'FloeStakingExtension' };

function collect(dir, rel, acc) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    const relPath = rel + '/' + entry.name;
    if (entry.isDirectory()) collect(full, relPath, acc);
    else if (entry.name.endsWith('.sol')) acc[relPath] = { content: fs.readFileSync(full, 'utf8') };
  }
  return acc;
}

const sources = {};
collect(path.join(__dirname, 'src'), 'src', sources);
collect(path.join(__dirname, 'examples'), 'examples', sources);
collect(path.join(__dirname, 'test'), 'test', sources);

const input = {
  language: 'Solidity',
  sources,
  settings: {
    evmVersion: EVM_VERSION,
    viaIR: true,
    optimizer: { enabled: true, runs: 200 },
    outputSelection: {
      '*': { '*': ['abi', 'storageLayout', 'evm.bytecode.object', 'evm.deployedBytecode.object'] },
    },
  },
};

// Up to date when every output is newer than every source and this script.
function newest(files) {
  return Math.max(...files.map((f) => fs.statSync(f).mtimeMs));
}
const sourceFiles = Object.keys(sources).map((rel) => path.join(__dirname, rel)).concat([__filename]);
const stamp = path.join(outDir, '.compiled');
if (fs.existsSync(stamp) && fs.statSync(stamp).mtimeMs >= newest(sourceFiles)) {
  console.log('solidity: up to date in ' + outDir);
  process.exit(0);
}

const output = JSON.parse(solc.compile(JSON.stringify(input)));
let failed = false;
for (const err of output.errors || []) {
  const text = err.formattedMessage || err.message;
  if (err.severity === 'error') {
    failed = true;
    console.error(text);
  } else {
    console.warn(text);
  }
}
if (failed) {
  console.error('solidity compilation failed');
  process.exit(1);
}

const byName = {};
for (const contracts of Object.values(output.contracts)) Object.assign(byName, contracts);

// The storage variables of a contract as (slot, offset, label, type) in layout order.
function layout(name) {
  return JSON.stringify(byName[name].storageLayout.storage.map((v) => [v.slot, v.offset, v.label, v.type]));
}

// The host's ABI plus every entry of the extension's it lacks (constructors aside).
function mergedAbi(host, extension) {
  const key = (e) => `${e.type} ${e.name || ''}(${(e.inputs || []).map((i) => i.type).join(',')})`;
  const seen = new Set(host.map(key));
  return host.concat(extension.filter((e) => e.type !== 'constructor' && !seen.has(key(e))));
}

const checked = [];
for (const [host, extension] of Object.entries(EXTENSIONS)) {
  if (!byName[host] || !byName[extension]) {
    console.error(`${host} / ${extension}: both must be compiled`);
    process.exit(1);
  }
  if (layout(host) !== layout(extension)) {
    console.error(`${host} and its DELEGATECALL extension ${extension} have different storage layouts:\n` +
      `${layout(host)}\n${layout(extension)}`);
    process.exit(1);
  }
  checked.push(`${host}/${extension}: same storage layout (${byName[host].storageLayout.storage.length} variables)`);
}

fs.mkdirSync(outDir, { recursive: true });
const written = [];
for (const [file, contracts] of Object.entries(output.contracts)) {
  for (const [name, c] of Object.entries(contracts)) {
    const bin = c.evm.bytecode.object;
    if (!bin) continue; // interfaces
    const deployed = c.evm.deployedBytecode.object.length / 2;
    if (deployed === 0) continue;
    if (file.startsWith('src/lib/')) continue; // internal libraries are inlined
    if (deployed > MAX_CODE_SIZE) {
      console.error(`${name}: deployed code is ${deployed} bytes, over the EIP-170 limit of ${MAX_CODE_SIZE}`);
      process.exit(1);
    }
    if (bin.length / 2 > MAX_INITCODE_SIZE) {
      console.error(`${name}: creation code is ${bin.length / 2} bytes, over the EIP-3860 limit of ${MAX_INITCODE_SIZE}`);
      process.exit(1);
    }
    const abi = EXTENSIONS[name] ? mergedAbi(c.abi, byName[EXTENSIONS[name]].abi) : c.abi;
    fs.writeFileSync(path.join(outDir, name + '.abi'), JSON.stringify(abi));
    fs.writeFileSync(path.join(outDir, name + '.bin'), bin);
    written.push(`${name} (${deployed} bytes)`);
  }
}
fs.writeFileSync(stamp, written.join('\n') + '\n');
console.log(`solc ${solc.version()} (evm ${EVM_VERSION}): ${written.join(', ')} -> ${outDir}; ${checked.join(', ')}`);
