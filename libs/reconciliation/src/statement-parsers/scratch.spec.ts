import Decimal from 'decimal.js';
import { parseCsvStatement, parseCsvStatementStream } from '.';
it('perf', async () => {
  let s = 'date,amount,reference,description\n';
  const parts: string[] = [s];
  for (let i = 0; i < 100000; i++) parts.push(`2024-02-01,-12.34,REF-${i},"Paiement ${i}, lot ""B"" — reçu"\r\n`);
  s = parts.join('');
  let t = Date.now();
  const r = parseCsvStatement(s, { currency: 'EUR', minorUnits: 2 });
  process.stdout.write(`sync ${Date.now() - t}ms ${r.lines.length}\n`);
  t = Date.now();
  let n = 0;
  async function* g() { for (let i = 0; i < s.length; i += 4096) yield s.slice(i, i + 4096); }
  for await (const _ of parseCsvStatementStream(g(), { currency: 'EUR', minorUnits: 2 })) n++;
  process.stdout.write(`stream ${Date.now() - t}ms ${n}\n`);
  t = Date.now();
  let d = new Decimal(0); for (const l of r.lines) d = d.plus(l.amount);
  process.stdout.write(`sum ${Date.now() - t}ms\n`);
});
