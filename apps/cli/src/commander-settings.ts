import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectCommander } from 'nest-commander';

/** The parts of commander's Command used here (commander is nest-commander's dependency, not ours). */
interface CommandTree {
  readonly commands: readonly CommandTree[];
  exitOverride(handler: (error: Error) => never): CommandTree;
  name(name: string): CommandTree;
}

/**
 * nest-commander sets the exit override on the root command only: a sub-command's usage error
 * (`token create` without `--name`) would call process.exit(1) itself. Every command throws
 * instead, so main.ts maps each usage error to exit code 2 and the context closes cleanly.
 */
@Injectable()
export class CommanderSettings implements OnApplicationBootstrap {
  constructor(@InjectCommander() private readonly root: CommandTree) {}

  onApplicationBootstrap(): void {
    const visit = (command: CommandTree): void => {
      command.exitOverride((error) => {
        throw error;
      });
      command.commands.forEach(visit);
    };
    visit(this.root);
    this.root.name('npm run cli --');
  }
}
