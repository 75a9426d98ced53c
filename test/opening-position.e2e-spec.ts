import { INestApplicationContext } from '@nestjs/common';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CommandFactory } from 'nest-commander';
import { Client } from 'pg';
import { detectDelimiter, readCsvRecords } from '../libs/contributions/src/opening-position/csv-records';
import { openingPositionWorkbook } from '../libs/contributions/src/opening-position/opening-position.template';
import { OpeningPositionService } from '@app/contributions';
import { CliError } from '../apps/cli/src/cli-errors';
import { CliModule } from '../apps/cli/src/cli.module';
import { ImportOpeningCommand } from '../apps/cli/src/commands/import-opening.command';
import { StatusMemberBody } from './support/contributions-factory';
import { expectLedgerSound } from './support/ledger-assertions';
import { startTestApp, TestApp } from './support/test-app';

const templates = path.resolve(__dirname, '..', 'templates');
const TEMPLATE_CSV = path.join(templates, 'opening-position.csv');
const TEMPLATE_XLSX = path.join(templates, 'opening-position.xlsx');

const TABLES = [
  'members',
  'budgets',
  'budget_lines',
  'budget_scales',
  'assessment_runs',
  'assessments',
  'payments',
  'allocations',
  'journal_entries',
  'postings',
  'audit_log',
];

interface Run {
  stdout: string;
  stderr: string;
  error?: CliError;
}

/**
 * The import-opening command as the CLI wires it (CliModule, its real services), run in-process
 * against a database of its own; the API of the same database checks the figures it leaves.
 */
describe('import-opening: an opening position from the CSV/XLSX template', () => {
  let t: TestApp;
  let cli: INestApplicationContext;
  let command: ImportOpeningCommand;
  let db: Client;
  let work: string;

  beforeAll(async () => {
    t = await startTestApp();
    cli = await CommandFactory.createWithoutRunning(CliModule.register({ databaseUrl: t.databaseUrl }), {
      logger: false,
    });
    command = cli.get(ImportOpeningCommand);
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'opening-position-'));
  });
  afterAll(async () => {
    await db?.end();
    await cli?.close();
    await t?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  const run = async (file: string, dryRun = false): Promise<Run> => {
    const out: string[] = [];
    const err: string[] = [];
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      err.push(String(chunk));
      return true;
    });
    try {
      await command.run([file], dryRun ? { dryRun: true } : {});
      return { stdout: out.join(''), stderr: err.join('') };
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      return { stdout: out.join(''), stderr: err.join(''), error };
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  };

  const counts = async (): Promise<Record<string, number>> => {
    const result: Record<string, number> = {};
    for (const table of TABLES) {
      result[table] = (await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
    }
    return result;
  };

  const templateTable = (): string[][] => {
    const text = fs.readFileSync(TEMPLATE_CSV, 'utf8');
    return readCsvRecords(text, detectDelimiter(text), 1_000).map((r) => r.fields);
  };
  const writeCsv = (name: string, table: readonly (readonly string[])[]): string => {
    const quote = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const file = path.join(work, name);
    fs.writeFileSync(file, table.map((r) => r.map(quote).join(',')).join('\n'));
    return file;
  };
  /** The template with some cells changed: `edits` maps a data row (2 = first) to its new cells by column. */
  const edited = (edits: Record<number, Record<string, string>>, extra: Record<string, string>[] = []): string[][] => {
    const table = templateTable();
    const header = table[0];
    for (const [row, cells] of Object.entries(edits)) {
      for (const [column, value] of Object.entries(cells)) table[Number(row) - 1][header.indexOf(column)] = value;
    }
    for (const cells of extra) table.push(header.map((c) => cells[c] ?? ''));
    return table;
  };

  it('a dry run of a file with errors lists them all by row, exits non-zero, and writes nothing', async () => {
    const file = writeCsv(
      'errors.csv',
      edited(
        {
          3: { member: 'GTX' },
          6: { amount: '149000.00' },
          15: { share: '35' },
          20: { rate: '' },
          21: { amount: '110000.005' },
        },
        [
          {
            record: 'payment',
            member: 'BLZ',
            amount: '5.00',
            currency: 'USD',
            received_on: '2005-13-01',
            reference: 'X',
          },
        ],
      ),
    );
    const before = await counts();
    const result = await run(file, true);
    expect(result.error?.exitCode).toBe(1);
    expect(result.error?.message).toBe(`10 problem(s) in ${file}; nothing was written`);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      "errors.csv/row 3: member: 'GTX' is not an assigned ISO 3166-1 alpha-3 country code in capitals, such as MEX",
      'errors.csv/row 5: amount: the lines add up to 149000, not the total 150000',
      "errors.csv/row 8: member: unknown member GTM: not in the file's member records nor in the database",
      'errors.csv/row 11: scale: the shares add up to 105, not exactly 100',
      "errors.csv/row 15: member: unknown member GTM: not in the file's member records nor in the database",
      "errors.csv/row 19: member: unknown member GTM: not in the file's member records nor in the database",
      'errors.csv/row 20: rate: required: BZD is not the base currency USD',
      "errors.csv/row 21: amount: '110000.005' must have at most 2 decimal places for USD",
      "errors.csv/row 22: member: unknown member GTM: not in the file's member records nor in the database",
      "errors.csv/row 23: received_on: '2005-13-01' is not a calendar date YYYY-MM-DD",
    ]);
    expect(await counts()).toEqual(before);

    const real = await run(file);
    expect(real.error?.message).toBe(`10 problem(s) in ${file}; nothing was written`);
    expect(await counts()).toEqual(before);
  });

  it('a dry run of the template says what it would create and writes nothing', async () => {
    const before = await counts();
    const result = await run(TEMPLATE_CSV, true);
    expect(result.error).toBeUndefined();
    expect(result.stdout).toBe(
      'members: 3 to create, 0 already present\n' +
        'budgets: 2 to create, 0 already present\n' +
        'assessments: 2 to create, 0 already present\n' +
        'payments: 5 to create, 0 already present\n' +
        `${TEMPLATE_CSV} (csv, 21 rows): no problems; dry run, nothing was written\n`,
    );
    expect(await counts()).toEqual(before);
  });

  it('a record a service refuses half-way leaves nothing behind (one transaction)', async () => {
    const before = await counts();
    // Only the revenue account the assessments post to is unusable: members and budgets come first.
    await db.query(`UPDATE accounts SET active = false WHERE code = '4100'`);
    try {
      const result = await run(TEMPLATE_CSV);
      expect(result.error?.message).toMatch(/^opening-position\.csv\/row 10: refused: .*4100.*; nothing was written$/);
    } finally {
      await db.query(`UPDATE accounts SET active = true WHERE code = '4100'`);
    }
    expect(await counts()).toEqual(before);
  });

  it('the CSV template imports through the services: the status of contributions and the ledger are right', async () => {
    const before = await counts();
    const result = await run(TEMPLATE_CSV);
    expect(result.error).toBeUndefined();
    expect(result.stdout).toBe(
      'members: 3 created, 0 already present\n' +
        'budgets: 2 created, 0 already present\n' +
        'assessments: 2 created, 0 already present\n' +
        'payments: 5 created, 0 already present\n' +
        `${TEMPLATE_CSV} (csv, 21 rows): imported\n`,
    );
    const after = await counts();
    expect(after.members - before.members).toBe(3);
    expect(after.budgets - before.budgets).toBe(2);
    expect(after.assessment_runs - before.assessment_runs).toBe(2);
    expect(after.payments - before.payments).toBe(5);
    expect(after.audit_log - before.audit_log).toBe(1);

    const status = await t.as('viewer').get('/v1/reports/status-of-contributions?asOf=2005-12-31').expect(200);
    const byMember = new Map((status.body.members as StatusMemberBody[]).map((m) => [m.member, m]));
    expect(byMember.get('MEX')).toMatchObject({
      assessed: '175000.00',
      paid: '175000.00',
      outstanding: '0.00',
      advance: '10000.00',
      arrears: '0.00',
    });
    expect(byMember.get('GTM')).toMatchObject({
      assessed: '105000.00',
      paid: '75000.00',
      outstanding: '30000.00',
      arrears: '0.00',
    });
    expect(byMember.get('BLZ')).toMatchObject({
      assessed: '70000.00',
      paid: '20000.00',
      outstanding: '50000.00',
      arrears: '10000.00',
    });
    expect(status.body.totals).toMatchObject({ assessed: '350000.00', paid: '270000.00', advance: '10000.00' });

    const payments = await t.as('viewer').get('/v1/payments?member=BLZ').expect(200);
    expect(payments.body.items).toMatchObject([
      {
        reference: 'BLZ-TR-0901',
        amount: '40000.00',
        currency: 'BZD',
        rate: '0.5',
        amountBase: '20000.00',
        metadata: { importKey: 'opening-position/BLZ/BLZ-TR-0901' },
      },
    ]);
    const audit = await db.query(`SELECT target, detail FROM audit_log WHERE action = 'CLI import-opening'`);
    expect(audit.rows).toEqual([
      {
        target: expect.stringMatching(/^file=opening-position\.csv sha256=[0-9a-f]{64}$/),
        detail: expect.objectContaining({ format: 'csv', rows: 21, payments: { created: 5, present: 0 } }),
      },
    ]);
    await expectLedgerSound(t);
  });

  it('running the same file again adds nothing; the XLSX template is recognised as the same records', async () => {
    const before = await counts();
    for (const file of [TEMPLATE_CSV, TEMPLATE_XLSX]) {
      const result = await run(file);
      expect(result.error).toBeUndefined();
      expect(result.stdout).toContain(
        'members: 0 created, 3 already present\n' +
          'budgets: 0 created, 2 already present\n' +
          'assessments: 0 created, 2 already present\n' +
          'payments: 0 created, 5 already present\n',
      );
    }
    const after = await counts();
    expect({ ...after, audit_log: before.audit_log }).toEqual(before);
    expect(after.audit_log - before.audit_log).toBe(2);
  });

  it('an XLSX with one more payment posts only that one', async () => {
    const table = edited({}, [
      {
        record: 'pago',
        member: 'BLZ',
        amount: '50000.00',
        currency: 'USD',
        received_on: '2006-01-20',
        reference: 'BLZ-2006-01',
      },
    ]);
    const file = path.join(work, 'more.xlsx');
    fs.writeFileSync(file, await openingPositionWorkbook(table));
    const before = await counts();
    const result = await run(file);
    expect(result.error).toBeUndefined();
    expect(result.stdout).toContain('payments: 1 created, 5 already present\n');
    expect(result.stdout).toContain(`${file} (xlsx, 22 rows): imported\n`);
    const after = await counts();
    expect(after.payments - before.payments).toBe(1);
    expect(after.members).toBe(before.members);
    const status = await t.as('viewer').get('/v1/reports/status-of-contributions?asOf=2006-12-31').expect(200);
    expect((status.body.members as StatusMemberBody[]).find((m) => m.member === 'BLZ')).toMatchObject({
      paid: '70000.00',
      outstanding: '0.00',
    });
    await expectLedgerSound(t);
  });

  it('two imports of one file at the same time record each payment once', async () => {
    const table = edited({}, [
      { record: 'pago', member: 'BLZ', amount: '10.00', currency: 'USD', received_on: '2006-02-01', reference: 'BLZ-RACE-1' },
      { record: 'pago', member: 'BLZ', amount: '20.00', currency: 'USD', received_on: '2006-02-02', reference: 'BLZ-RACE-2' },
    ]);
    const file = writeCsv('race.csv', table);
    const bytes = fs.readFileSync(file);
    const service = cli.get(OpeningPositionService);
    const before = await counts();
    const outcomes = await Promise.all([service.import(file, bytes, { dryRun: false }), service.import(file, bytes, { dryRun: false })]);
    expect(outcomes.map((o) => o.problems)).toEqual([[], []]);
    const created = outcomes.map((o) => o.summary.payments.created).sort();
    expect(created).toEqual([0, 2]);
    const after = await counts();
    expect(after.payments - before.payments).toBe(2);
    expect(after.journal_entries - before.journal_entries).toBe(2);
    await expectLedgerSound(t);
  });

  it('the import key belongs to the import: the API refuses it in payment metadata, and the database holds one payment per key', async () => {
    const key = 'opening-position/BLZ/BLZ-2005-01';
    const before = await counts();
    const refused = await t
      .as('secretariat')
      .post('/v1/payments', { member: 'BLZ', amount: '1.00', currency: 'USD', receivedOn: '2006-03-01', reference: 'x', metadata: { importKey: key } })
      .expect(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'metadata.importKey' })]);
    expect(await counts()).toEqual({ ...before, audit_log: expect.any(Number) });
    await expect(
      db.query(
        `INSERT INTO payments (id, seq, member_code, received_on, amount, currency, rate, amount_base, reference, bank_account, entry_id, metadata)
         SELECT gen_random_uuid(), seq + 1000, member_code, received_on, amount, currency, rate, amount_base, reference, bank_account,
                (SELECT id FROM journal_entries WHERE id NOT IN (SELECT entry_id FROM payments) LIMIT 1), metadata
           FROM payments WHERE metadata ? 'importKey' LIMIT 1`,
      ),
    ).rejects.toThrow(/payments_import_key/);
  });

  it('reports a conflict where the database holds other figures for the same key, and writes nothing', async () => {
    const file = writeCsv(
      'conflict.csv',
      edited({
        2: { name: 'United Mexican States' },
        11: { amount: '210000.00' },
        12: { amount: '130000.00' },
        22: { amount: '31000.00' },
      }),
    );
    const before = await counts();
    const result = await run(file, true);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      "conflict.csv/row 2: name: conflict: member MEX is already stored with 'Mexico'; change it through the API or make the file agree",
      'conflict.csv/row 11: conflict: the database already holds a budget for 2005 (version 1, total 200000.00, approved 2004-12-03 by GRCM-2004-12 conclusion 1) that differs from this one: total 200000.00 in the database; revise it through the API, or make the file agree',
      "conflict.csv/row 22: reference: conflict: a payment of GTM with reference 'GTM transfer 2005/04' is already recorded with other figures (amount 30000.00 USD); give this one another reference, or make the file agree",
    ]);
    expect(result.error?.message).toBe(`3 problem(s) in ${file}; nothing was written`);
    expect(await counts()).toEqual(before);
  });

  it('refuses a file it cannot read as a usage error', async () => {
    const result = await run(path.join(work, 'missing.csv'));
    expect(result.error?.exitCode).toBe(2);
    expect(result.error?.message).toBe(`cannot read ${path.join(work, 'missing.csv')}: ENOENT`);
  });
});
