import type { TransportSingleOptions } from 'pino';

export type LogFormatSetting = 'auto' | 'json' | 'pretty';
export type LogFormat = 'json' | 'pretty';

/**
 * Readable lines for a person at a terminal; JSON lines for everything that reads logs as data
 * (journald, files, log collectors), which is what stdout is whenever it is not a terminal.
 */
export function chooseLogFormat(setting: LogFormatSetting, stdoutIsTerminal: boolean | undefined): LogFormat {
  if (setting !== 'auto') return setting;
  return stdoutIsTerminal === true ? 'pretty' : 'json';
}

/** pino's `transport` option for a format: none for JSON (pino writes to stdout itself). */
export function logTransport(format: LogFormat): { transport?: TransportSingleOptions } {
  if (format === 'json') return {};
  return {
    transport: {
      // Resolved here, not by pino from its caller's folder, so any entry point finds it.
      target: require.resolve('pino-pretty'),
      options: { colorize: true, translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true },
    },
  };
}
