// Lists the functions, methods and arrow functions longer than a number of lines (default 80) in
// the TypeScript sources under the given folders (specs left out), longest first, as
// "lines  name  file:line". A function nested in a long one is listed on its own as well.
// Usage: node scripts/long-functions.js [--min 80] [folder ...]   (default folders: libs apps/api)
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const args = process.argv.slice(2);
const minAt = args.indexOf('--min');
const min = minAt >= 0 ? Number(args.splice(minAt, 2)[1]) : 80;
const roots = args.length > 0 ? args : ['libs', 'apps/api'];

function sources(dir, out = []) {
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    if (name === 'node_modules') continue;
    if (fs.statSync(file).isDirectory()) sources(file, out);
    else if (/\.tsx?$/.test(name) && !/\.(spec|test|e2e-spec)\.tsx?$/.test(name) && !name.endsWith('.d.ts')) {
      out.push(file);
    }
  }
  return out;
}

function nameOf(node) {
  if (node.name) return node.name.getText();
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)))
    return parent.name.getText();
  if (parent && ts.isCallExpression(parent)) return `(callback of ${parent.expression.getText().slice(0, 40)})`;
  return '(anonymous)';
}

const found = [];
for (const root of roots) {
  for (const file of sources(root)) {
    const text = fs.readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node) => {
      if (ts.isFunctionLike(node) && node.body) {
        const from = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
        const to = sf.getLineAndCharacterOfPosition(node.end).line;
        const lines = to - from + 1;
        const owner = node.parent && ts.isClassLike(node.parent) && node.parent.name ? `${node.parent.name.text}.` : '';
        if (lines > min) found.push({ lines, name: owner + nameOf(node), at: `${file}:${from + 1}` });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
}
found.sort((a, b) => b.lines - a.lines);
for (const f of found) console.log(`${String(f.lines).padStart(5)}  ${f.name}  ${f.at}`);
