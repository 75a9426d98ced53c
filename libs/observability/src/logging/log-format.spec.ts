import { spawnSync } from 'node:child_process';
import { chooseLogFormat, LogFormat, LogFormatSetting, logTransport } from './log-format';

describe('log format', () => {
  it.each<[LogFormatSetting, boolean | undefined, LogFormat]>([
    ['auto', true, 'pretty'],
    ['auto', false, 'json'],
    // A stream that is not a terminal has no isTTY at all (pipes, files, journald).
    ['auto', undefined, 'json'],
    ['json', true, 'json'],
    ['json', undefined, 'json'],
    ['pretty', false, 'pretty'],
    ['pretty', undefined, 'pretty'],
  ])('LOG_FORMAT=%s with stdout a terminal: %s → %s', (setting, terminal, expected) => {
    expect(chooseLogFormat(setting, terminal)).toBe(expected);
  });

  it('writes JSON lines with no transport, and readable lines through pino-pretty', () => {
    expect(logTransport('json')).toEqual({});
    const log = (format: LogFormat): string => {
      const options = { level: 'info', ...logTransport(format) };
      const script = `const pino = require('pino'); pino(${JSON.stringify(options)}).info({ sequence: 42 }, 'posted');`;
      const run = spawnSync(process.execPath, ['-e', script], { cwd: __dirname, encoding: 'utf8', timeout: 30_000 });
      expect(run.stderr).toBe('');
      return run.stdout;
    };
    const json = JSON.parse(log('json').trim());
    expect(json).toMatchObject({ level: 30, msg: 'posted', sequence: 42 });
    const pretty = log('pretty');
    expect(pretty).toMatch(/INFO.*posted/);
    expect(pretty).toContain('"sequence":42');
    expect(() => JSON.parse(pretty.trim())).toThrow();
  });
});
