import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));

interface NestProject {
  type: 'application' | 'library';
  root: string;
  sourceRoot: string;
  entryFile: string;
}
interface NestCliConfig {
  monorepo: boolean;
  compilerOptions: { builder: string; tsConfigPath: string };
  projects: Record<string, NestProject>;
}

const folders = (parent: string): string[] =>
  fs
    .readdirSync(path.join(root, parent), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

/** Nest's own tooling (`nest build api`, generators) reads nest-cli.json: it must describe the tree as it is. */
describe('nest-cli.json', () => {
  const config = readJson('nest-cli.json') as NestCliConfig;
  const projects = Object.entries(config.projects);

  it('is a monorepo built by tsc with the build tsconfig', () => {
    expect(config.monorepo).toBe(true);
    expect(config.compilerOptions).toMatchObject({ builder: 'tsc', tsConfigPath: 'tsconfig.build.json' });
  });

  it('lists every Nest app under apps/ and every lib under libs/, and nothing else', () => {
    // A Nest app starts from src/main.ts; the web console (React, built by Vite) is not Nest's to build.
    const nestApps = folders('apps').filter((app) => fs.existsSync(path.join(root, 'apps', app, 'src', 'main.ts')));
    const listed = (type: NestProject['type']): string[] =>
      projects
        .filter(([, p]) => p.type === type)
        .map(([name]) => name)
        .sort();
    expect(listed('application')).toEqual(nestApps);
    expect(listed('library')).toEqual(folders('libs'));
  });

  it('points each project at its folder and an entry file that exists', () => {
    for (const [name, p] of projects) {
      const parent = p.type === 'application' ? 'apps' : 'libs';
      expect({ name, root: p.root, sourceRoot: p.sourceRoot }).toEqual({ name, root: `${parent}/${name}`, sourceRoot: `${parent}/${name}/src` });
      expect({ name, entry: fs.existsSync(path.join(root, p.sourceRoot, `${p.entryFile}.ts`)) }).toEqual({ name, entry: true });
    }
  });

  it('has an @app/<lib> alias in tsconfig.json for every lib', () => {
    const { compilerOptions } = readJson('tsconfig.json') as { compilerOptions: { paths: Record<string, string[]> } };
    for (const [name, p] of projects.filter(([, q]) => q.type === 'library')) {
      expect({ alias: `@app/${name}`, target: compilerOptions.paths[`@app/${name}`] }).toEqual({
        alias: `@app/${name}`,
        target: [`./${p.sourceRoot}`],
      });
    }
  });
});
