// The libs' dependency graph as text: for each lib, the libs its files import (`@app/<lib>`, and a
// relative path into another lib's folder), with how many import statements; imports found only
// in specs are listed apart. Usage: node scripts/lib-deps.js [checkout folder]
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(process.argv[2] ?? path.join(__dirname, '..'));
const libsDir = path.join(root, 'libs');
const libs = fs
  .readdirSync(libsDir)
  .filter((d) => fs.statSync(path.join(libsDir, d)).isDirectory())
  .sort();

function sources(dir, out = []) {
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    if (fs.statSync(file).isDirectory()) sources(file, out);
    else if (file.endsWith('.ts')) out.push(file);
  }
  return out;
}

const ALIAS = /(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]@app\/([a-z0-9-]+)/g;
const RELATIVE = /from\s+['"](\.[^'"]*)['"]/g;
const count = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);
const list = (map) =>
  [...map.keys()]
    .sort()
    .map((k) => `${k}(${map.get(k)})`)
    .join(', ') || '-';

console.log('# lib -> the libs it imports (number of import statements)');
for (const lib of libs) {
  const code = new Map();
  const specs = new Map();
  for (const file of sources(path.join(libsDir, lib))) {
    const text = fs.readFileSync(file, 'utf8');
    const into = file.endsWith('.spec.ts') ? specs : code;
    for (const m of text.matchAll(ALIAS)) if (m[1] !== lib) count(into, m[1]);
    for (const m of text.matchAll(RELATIVE)) {
      const target = path.relative(libsDir, path.resolve(path.dirname(file), m[1])).split(path.sep)[0];
      if (target !== lib && libs.includes(target)) count(into, `${target} [relative path]`);
    }
  }
  console.log(`${lib.padEnd(18)} -> ${list(code)}`);
  const specOnly = new Map([...specs].filter(([k]) => !code.has(k)));
  if (specOnly.size > 0) console.log(`${''.padEnd(18)}    (specs only: ${list(specOnly)})`);
}
