import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateEnvironment } from '../src/config/environment';

// semver comes with the toolchain (jest, typescript-eslint, npm itself read engines with it); only
// the two functions below are needed, so no type package is added for it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const semver = require('semver') as {
  subset(range: string, superset: string): boolean;
  satisfies(version: string, range: string): boolean;
};

const root = path.join(__dirname, '..');
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');

/** Cells of a Markdown table row, ignoring pipes inside `code`. */
function cells(row: string): string[] {
  return row
    .replace(/`[^`]*`/g, 'code')
    .replace(/^\s*\|/, '')
    .replace(/\|\s*$/, '')
    .split('|');
}

/** Every table of a Markdown file: its first line number and its rows. */
function tables(markdown: string): Array<{ line: number; rows: string[] }> {
  const found: Array<{ line: number; rows: string[] }> = [];
  markdown.split('\n').forEach((text, index) => {
    const isRow = text.trimStart().startsWith('|');
    const last = found[found.length - 1];
    if (isRow && last && last.line + last.rows.length === index + 1) last.rows.push(text);
    else if (isRow) found.push({ line: index + 1, rows: [text] });
  });
  return found;
}

/** The variables named in the first column of the README's configuration table. */
function configurationTableVariables(readme: string): string[] {
  const section = readme.split('## Configuration')[1].split('\n## ')[0];
  const table = tables(section)[0];
  return table.rows
    .slice(2)
    .flatMap((row) => [...cells(row.replace(/`/g, '§'))[0].matchAll(/§([A-Z_0-9]+)§/g)])
    .map((match) => match[1]);
}

describe('project files a newcomer reads first', () => {
  const readme = read('README.md');

  it('README tables render: every row has as many columns as the header and its separator', () => {
    const broken = tables(readme).flatMap(({ line, rows }) => {
      const width = cells(rows[0]).length;
      return rows
        .map((row, offset) => ({ line: line + offset, columns: cells(row).length }))
        .filter((row) => row.columns !== width)
        .map((row) => `README.md:${row.line} has ${row.columns} columns, header ${width}`);
    });
    expect(tables(readme).length).toBeGreaterThan(1);
    expect(broken).toEqual([]);
  });

  it('.env.example names every configuration variable, and its filled-in form boots', () => {
    const example = read('.env.example');
    const named = new Set(
      [...example.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]),
    );
    const documented = configurationTableVariables(readme);
    expect(documented).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'APP_SECRET', 'DIGEST_HOUR']),
    );
    expect(documented.filter((name) => !named.has(name))).toEqual([]);

    // The uncommented lines, with the blanks filled as the comments say, are a valid configuration.
    const env: Record<string, string> = {};
    for (const [, name, value] of example.matchAll(/^([A-Z][A-Z0-9_]+)=(.*)$/gm)) env[name] = value;
    for (const [, name, value] of example.matchAll(/^# ([A-Z][A-Z0-9_]+)=(.*)$/gm))
      env[name] = value;
    Object.assign(env, {
      APP_SECRET: 'x'.repeat(64),
      DATA_KEY: Buffer.alloc(32, 1).toString('base64'),
      SMTP_URL: 'smtp://mail.example.go.id:587',
      ADMIN_EMAIL: 'admin@example.go.id',
    });
    expect(() => validateEnvironment(env)).not.toThrow();
  });

  it('declares a Node range every locked dependency accepts, and builds the image on Node 24', () => {
    const ours = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    const lock = JSON.parse(read('package-lock.json')) as {
      packages: Record<string, { engines?: { node?: string } | string[] }>;
    };
    const refusing = Object.entries(lock.packages)
      .filter(([name]) => name !== '')
      .map(([name, entry]) => ({
        name,
        range: Array.isArray(entry.engines) ? undefined : entry.engines?.node,
      }))
      .filter(({ range }) => range !== undefined && !semver.subset(ours, range))
      .map(({ name, range }) => `${name} needs node ${range}`);
    expect(refusing).toEqual([]);
    expect(semver.satisfies('24.15.0', ours)).toBe(true);

    const images = [...read('Dockerfile').matchAll(/^FROM (\S+)/gm)].map((match) => match[1]);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image).toMatch(/^node:24[-.]/);
  });

  // Node 24 sizes the young generation from the machine's memory (64 MB semi-spaces on 24 GiB),
  // which alone kept ~90 MB more resident under load; the flag must reach every way of starting.
  it('starts the service with the same Node flags from npm start, start:prod and the image', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> })
      .scripts;
    expect(scripts.start).toMatch(/&& npm run start:prod( --silent)?$/);
    const prod = scripts['start:prod'].split(' ');
    expect(prod[0]).toBe('node');
    expect(prod[prod.length - 1]).toBe('dist/src/main.js');
    expect(prod).toContain('--max-semi-space-size=16');
    const command = read('Dockerfile').match(/^CMD (\[.*\])$/m);
    expect(command).not.toBeNull();
    expect(JSON.parse(command![1])).toEqual(prod);
  });
});
