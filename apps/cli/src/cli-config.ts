/** What main.ts resolved before the Nest context was built. */
export interface CliConfig {
  databaseUrl: string;
}

export const CLI_CONFIG = Symbol('CLI_CONFIG');
