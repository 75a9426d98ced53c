import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { dropTestDatabase, serverUrl, withAdminClient } from './support/test-database';

const root = path.resolve(__dirname, '..');
const HEADER =
  'sequence,entry_id,date,description,account,fund,side,amount,currency,rate,amount_base,member,grant,entry_hash';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The CLI as users run it: compiled (once, with the project's tsc and build config, into a private
 * folder so a concurrent `npm run build` is not disturbed), started as a child process against a
 * database of its own that starts empty.
 */
describe('CLI (compiled, as a child process)', () => {
  let build: string;
  let databaseName: string;
  let databaseUrl: string;
  let db: Client;
  let work: string;

  const cli = (args: string[], env: Record<string, string> = {}): Run => {
    const result = spawnSync(
      process.execPath,
      ['-r', 'tsconfig-paths/register', path.join(build, 'apps/cli/src/main.js'), ...args],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl,
          // The compiled tree lives outside the checkout: modules from the checkout, @app/* from the tree.
          NODE_PATH: path.join(root, 'node_modules'),
          TS_NODE_BASEURL: build,
          TS_NODE_PROJECT: path.join(root, 'tsconfig.json'),
          ...env,
        },
      },
    );
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  beforeAll(async () => {
    build = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-cli-build-'));
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-cli-work-'));
    // Type-checking is `npm run typecheck`'s job; this only needs the JavaScript.
    const compiled = spawnSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--noCheck', '--outDir', build],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 150_000,
      },
    );
    if (!fs.existsSync(path.join(build, 'apps/cli/src/main.js'))) {
      throw new Error(`the CLI did not compile: ${compiled.stdout}${compiled.stderr}`);
    }
    // An empty database (not the migrated template), so that `migrate` has work to do.
    databaseName = `ledger_cli_${process.env.TEST_RUN_ID ?? 'x'}_${randomBytes(4).toString('hex')}`;
    await withAdminClient((admin) => admin.query(`CREATE DATABASE "${databaseName}"`));
    databaseUrl = serverUrl(databaseName);
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
  }, 180_000);

  afterAll(async () => {
    await db?.end();
    if (databaseName) await dropTestDatabase(databaseName);
    for (const dir of [build, work]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('migrate applies every pending migration and names each, then has nothing to do', () => {
    const first = cli(['migrate']);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const lines = first.stdout.trim().split('\n');
    expect(lines[0]).toBe('applied Platform1764400000000');
    expect(lines).toContain('applied Ledger1764400100000');
    expect(lines[lines.length - 1]).toBe(`${lines.length - 1} migration(s) applied`);

    const again = cli(['migrate']);
    expect(again).toEqual({ status: 0, stdout: 'no pending migrations\n', stderr: '' });
  });

  it('token create prints the token once on stdout, stores only its hash, and audits it', async () => {
    const run = cli(['token', 'create', '--name', 'External auditor', '--role', 'auditor']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^clg_[A-Za-z0-9_-]+\n$/);
    const token = run.stdout.trim();
    expect(run.stderr).toMatch(
      /^token [0-9a-f-]{36} \(auditor\) "External auditor" created; it is shown only this once:\n$/,
    );
    const stored = await db.query(`SELECT id, role, token_hash FROM api_tokens WHERE name = 'External auditor'`);
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0].role).toBe('auditor');
    expect(stored.rows[0].token_hash).not.toContain(token);
    const audit = await db.query(`SELECT action, target, outcome FROM audit_log WHERE action = 'CLI token create'`);
    expect(audit.rows).toEqual([{ action: 'CLI token create', target: `id=${stored.rows[0].id}`, outcome: 'success' }]);
  });

  it.each([
    [
      ['token', 'create', '--name', 'x', '--role', 'king'],
      'error: --role must be one of admin, secretariat, viewer, auditor\n',
    ],
    [['token', 'create', '--role', 'viewer'], "error: required option '--name <name>' not specified\n"],
    [['bulk-load', '--entries', 'lots'], 'error: --entries must be a whole number from 1 to 100000000\n'],
    [['export-gl', '--from', '2005-02-30', '--out', 'x.csv'], 'error: from: must be a calendar date YYYY-MM-DD\n'],
    [['frobnicate'], "error: unknown command 'frobnicate'\n"],
  ])('%j is a usage error: one line, exit code 2, nothing written', (args, line) => {
    const run = cli(args);
    expect(run).toEqual({ status: 2, stdout: '', stderr: line });
    expect(fs.existsSync(path.join(root, 'x.csv'))).toBe(false);
  });

  it('says in one line when the database cannot be reached (exit 1)', () => {
    const run = cli(['verify'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error: the database is not reachable \(.*ECONNREFUSED.*\)\n$/);
  });

  it('verify passes on an empty ledger, and after a bulk load, naming the chain head', async () => {
    expect(cli(['verify'])).toMatchObject({
      status: 0,
      stdout: expect.stringMatching(/^chain ok: 0 entries, head 0{64} /),
    });

    const load = cli(['bulk-load', '--entries', '400', '--seed', '5', '--batch-size', '150']);
    expect(load.status).toBe(0);
    const head = (await db.query('SELECT last_sequence::int AS sequence, last_hash FROM ledger_chain')).rows[0];
    expect(head.sequence).toBe(400);
    expect(load.stdout).toMatch(
      new RegExp(`^loaded 400 entries \\(\\d+ postings\\) in .*; chain head 400 ${head.last_hash}\\n$`),
    );

    const verify = cli(['verify']);
    expect(verify.status).toBe(0);
    expect(verify.stdout).toMatch(new RegExp(`^chain ok: 400 entries, head ${head.last_hash} \\(`));
  });

  it('export-gl writes the same CSV as the API: exact header, one row per posting', async () => {
    const out = path.join(work, 'gl.csv');
    const run = cli(['export-gl', '--from', '2005-01-01', '--to', '2005-12-31', '--out', out]);
    expect(run.status).toBe(0);
    const postings = (
      await db.query(`SELECT count(*)::int AS n FROM postings WHERE entry_date BETWEEN '2005-01-01' AND '2005-12-31'`)
    ).rows[0].n;
    expect(run.stderr).toMatch(new RegExp(`^exported ${postings} postings as csv \\(`));
    const lines = fs.readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe(HEADER);
    expect(lines).toHaveLength(postings + 1);
    expect(fs.readdirSync(work)).toEqual(['gl.csv']);
  });

  it('verify fails with exit code 1 naming the first broken sequence once an entry is tampered with', async () => {
    // Only a superuser bypassing the append-only triggers can do this: exactly what verify is for.
    await db.query(`SET session_replication_role = replica`);
    await db.query(`UPDATE journal_entries SET description = 'rewritten after the fact' WHERE sequence = 123`);
    await db.query(
      `UPDATE postings SET amount = amount + 0.01, amount_base = amount_base + 0.01 WHERE sequence = 321 AND line_no = 1`,
    );
    await db.query(`SET session_replication_role = DEFAULT`);

    const run = cli(['verify']);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('error: chain broken at sequence 123: the stored entry does not match its hash\n');
  });
});
