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
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
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
    fs.writeFileSync(path.join(outDir, name + '.abi'), JSON.stringify(c.abi));
    fs.writeFileSync(path.join(outDir, name + '.bin'), bin);
    written.push(`${name} (${deployed} bytes)`);
  }
}
fs.writeFileSync(stamp, written.join('\n') + '\n');
console.log(`solc ${solc.version()} (evm ${EVM_VERSION}): ${written.join(', ')} -> ${outDir}`);
