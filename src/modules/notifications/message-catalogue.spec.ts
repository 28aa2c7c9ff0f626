import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { type CatalogueFile, catalogueProblems, compileCatalogue } from './message-catalogue';

const note = (placeholders: Record<string, string>) => ({
  _translators: { note: 'test', placeholders },
});
const PLACEHOLDERS = {
  caseNumber: 'the case number',
  count: 'a number',
  overdue: 'yes or no',
};

describe('every feature’s catalogues', () => {
  // Found on disk, not imported: this module knows no feature, and a new feature's catalogue is
  // checked without anyone adding it here.
  const modules = path.join(__dirname, '..');
  const features = readdirSync(modules).filter((name) =>
    existsSync(path.join(modules, name, 'messages')),
  );
  const load = (feature: string, language: string): object =>
    JSON.parse(
      readFileSync(path.join(modules, feature, 'messages', `${language}.json`), 'utf8'),
    ) as object;

  it('are found for referrals and tasks', () => {
    expect(features).toEqual(expect.arrayContaining(['referrals', 'tasks']));
  });

  it.each(features)(
    '%s: Indonesian and English have the same keys and placeholders, all explained, all compiling',
    (feature) => {
      const id = load(feature, 'id');
      const en = load(feature, 'en');
      expect(Object.keys(id).sort()).toEqual(Object.keys(en).sort());
      expect(catalogueProblems({ id, en })).toEqual([]);
    },
  );

  it.each(features)('%s: its messages folder holds only id.json and en.json', (feature) => {
    expect(readdirSync(path.join(modules, feature, 'messages')).sort()).toEqual([
      'en.json',
      'id.json',
    ]);
  });
});

describe('catalogueProblems names a translator’s slip', () => {
  const id = { ...note(PLACEHOLDERS), 'a.subject': 'Kasus {caseNumber}', 'a.count': '{count} hal' };
  const en = {
    ...note(PLACEHOLDERS),
    'a.subject': 'Case {caseNumber}',
    'a.count': '{count, plural, one {# thing} other {# things}}',
  };

  it('accepts a plural in one language and a plain number in the other', () => {
    expect(catalogueProblems({ id, en })).toEqual([]);
  });

  it('a message missing from one language', () => {
    const short: Record<string, unknown> = { ...en };
    delete short['a.count'];
    expect(catalogueProblems({ id, en: short })).toEqual(['en: "a.count" is missing']);
  });

  it('a placeholder renamed', () => {
    expect(catalogueProblems({ id: { ...id, 'a.subject': 'Kasus {nomorKasus}' }, en })).toEqual([
      'id a.subject: placeholder {nomorKasus} is not explained in "_translators"',
      'id a.subject: placeholder {caseNumber} is missing',
      'en a.subject: placeholder {nomorKasus} is missing',
    ]);
  });

  it('a select shown as text, or offering other choices', () => {
    const select = { ...en, 'a.line': '{overdue, select, yes {[OVERDUE] } other {}}x' };
    expect(catalogueProblems({ id: { ...id, 'a.line': '{overdue} x' }, en: select })).toEqual([
      'a.line: {overdue} is a select in one language and not in the other',
    ]);
    expect(
      catalogueProblems({
        id: { ...id, 'a.line': '{overdue, select, ya {[TERLAMBAT] } other {}}x' },
        en: select,
      }),
    ).toEqual(['a.line: select {overdue} offers other, ya in id but other, yes in en']);
  });

  it('a message that does not parse', () => {
    const problems = catalogueProblems({ id: { ...id, 'a.subject': 'Kasus {caseNumber' }, en });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^id a\.subject: does not parse/);
  });

  it('a file without its note for translators', () => {
    const bare: Record<string, unknown> = { ...id };
    delete bare._translators;
    expect(catalogueProblems({ id: bare, en })).toEqual(
      expect.arrayContaining(['id: "_translators" must hold "note" and "placeholders"']),
    );
  });
});

describe('a compiled catalogue', () => {
  const files = {
    id: {
      ...note(PLACEHOLDERS),
      reminders: '{count} pengingat',
      line: "- {overdue, select, yes {[TERLAMBAT] } other {}}kasus {caseNumber} <b>don't</b>",
    },
    en: {
      ...note(PLACEHOLDERS),
      reminders: '{count, plural, one {# reminder} other {# reminders}}',
      line: "- {overdue, select, yes {[OVERDUE] } other {}}case {caseNumber} <b>don't</b>",
    },
  } satisfies Record<'id' | 'en', CatalogueFile<'reminders' | 'line'>>;
  const compile = (catalogues = files) =>
    compileCatalogue<'reminders' | 'line'>('test', catalogues);

  it('prints counts as they are, without grouping, in both languages', () => {
    const catalogue = compile();
    expect(catalogue.format('en', 'reminders', { count: 1 })).toBe('1 reminder');
    expect(catalogue.format('en', 'reminders', { count: 0 })).toBe('0 reminders');
    expect(catalogue.format('en', 'reminders', { count: 12345 })).toBe('12345 reminders');
    expect(catalogue.format('id', 'reminders', { count: 12345 })).toBe('12345 pengingat');
  });

  it('inserts values verbatim and keeps markup-like text as text', () => {
    const catalogue = compile();
    const values = { overdue: 'yes', caseNumber: "{O'Brien} #1" };
    expect(catalogue.format('en', 'line', values)).toBe(
      "- [OVERDUE] case {O'Brien} #1 <b>don't</b>",
    );
    expect(catalogue.format('id', 'line', { ...values, overdue: 'no' })).toBe(
      "- kasus {O'Brien} #1 <b>don't</b>",
    );
  });

  it('parses each message once, when compiled, never when formatting', () => {
    // The parser hook intl-messageformat calls for a message given as text.
    const parse = jest.spyOn(
      IntlMessageFormat as unknown as { __parse: (message: string) => unknown },
      '__parse',
    );
    try {
      const catalogue = compile();
      const parsedWhenCompiled = parse.mock.calls.length;
      expect(parsedWhenCompiled).toBeGreaterThan(0);
      for (let i = 0; i < 100; i++) catalogue.format('en', 'reminders', { count: i });
      expect(parse.mock.calls.length).toBe(parsedWhenCompiled);
    } finally {
      parse.mockRestore();
    }
  });

  it('throws on a missing value instead of sending a message with a hole', () => {
    expect(() => compile().format('en', 'line', { overdue: 'no' })).toThrow(/caseNumber/);
  });

  it('refuses to compile a broken catalogue, naming what is wrong', () => {
    expect(() => compile({ id: files.id, en: { ...files.en, line: 'case {nomor}' } })).toThrow(
      /Message catalogue "test" is broken:\n/,
    );
  });
});
