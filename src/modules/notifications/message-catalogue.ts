import { type Formatters, IntlMessageFormat } from 'intl-messageformat';
import type { CopyLanguage } from './rendered-message';

/*
 * A feature's wording lives in one JSON catalogue per language beside it (messages/id.json,
 * messages/en.json), as ICU MessageFormat, so that a translator edits it without reading
 * TypeScript. The feature hands its catalogues to compileCatalogue once, at module load, and
 * formats by key; variable parts (dates, agency names, labels) arrive already formatted.
 */

/** For whoever translates: what the file is and what each placeholder holds. */
export interface TranslatorNote {
  note: string;
  placeholders: Record<string, string>;
}

/** A catalogue file as stored: `_translators` first, then one ICU message per key. */
export type CatalogueFile<Key extends string> = { _translators: TranslatorNote } & Record<
  Key,
  string
>;

/** The keys a catalogue file's type says it has, without its translator note. */
export type MessageKey<File> = Exclude<keyof File, '_translators'> & string;

export type MessageValues = Record<string, string | number>;

export interface MessageCatalogue<Key extends string> {
  format(language: CopyLanguage, key: Key, values?: MessageValues): string;
}

/** The locale ICU picks plural rules by: Indonesian has one form, English two. */
const LOCALES: Record<CopyLanguage, string> = { id: 'id', en: 'en' };

function memoized<Args extends unknown[], Result>(
  create: (...args: Args) => Result,
): (...args: Args) => Result {
  const cache = new Map<string, Result>();
  return (...args) => {
    const key = JSON.stringify(args);
    let found = cache.get(key);
    if (found === undefined) {
      found = create(...args);
      cache.set(key, found);
    }
    return found;
  };
}

/*
 * Shared by every message, so Intl objects are built once per process, not once per message. The
 * number format has no grouping: a plural's `#` then prints 1000 as "1000", as the messages always
 * did, rather than "1,000" or "1.000"; numbers worth formatting are formatted in code.
 */
const FORMATTERS: Formatters = {
  getNumberFormat: memoized(
    (locales?: string | string[], options?: Intl.NumberFormatOptions) =>
      new Intl.NumberFormat(locales, { useGrouping: false, ...options }),
  ) as Formatters['getNumberFormat'],
  getDateTimeFormat: memoized(
    (...args: ConstructorParameters<typeof Intl.DateTimeFormat>) =>
      new Intl.DateTimeFormat(...args),
  ),
  getPluralRules: memoized(
    (...args: ConstructorParameters<typeof Intl.PluralRules>) => new Intl.PluralRules(...args),
  ),
};

function compileMessage(source: string, language: CopyLanguage): IntlMessageFormat {
  // Tags off: a "<" a translator writes is text, not rich-text markup.
  return new IntlMessageFormat(source, LOCALES[language], undefined, {
    ignoreTag: true,
    requiresOtherClause: true,
    formatters: FORMATTERS,
  });
}

/**
 * Compiles every message of both languages now, so a message is parsed once per process rather
 * than once per send, and a broken catalogue stops the service at start-up instead of failing
 * deliveries one by one.
 */
export function compileCatalogue<Key extends string>(
  name: string,
  files: Record<CopyLanguage, CatalogueFile<Key>>,
): MessageCatalogue<Key> {
  const { problems, compiled } = inspect(files);
  if (problems.length > 0)
    throw new Error(`Message catalogue "${name}" is broken:\n${problems.join('\n')}`);
  return {
    format(language, key, values) {
      const message = compiled[language].get(key);
      if (message === undefined)
        throw new Error(`Message catalogue "${name}" has no "${key}" in "${language}"`);
      const text = message.format(values);
      // Only strings and numbers go in, so only a string comes out; anything else is a bug here.
      if (typeof text !== 'string')
        throw new Error(`Message "${name}/${key}" did not render to text`);
      return text;
    },
  };
}

type Element = ReturnType<IntlMessageFormat['getAst']>[number];

/** How a message uses a placeholder: shown as text (or counted), or chosen on. */
interface PlaceholderUse {
  kind: 'text' | 'plural' | 'select';
  /** For a select, the choices it names: every language must offer the same. */
  options: string[];
}

function placeholdersOf(elements: Element[], found = new Map<string, PlaceholderUse>()) {
  for (const element of elements) {
    if ('options' in element) {
      const kind = 'pluralType' in element ? 'plural' : 'select';
      found.set(element.value, { kind, options: Object.keys(element.options).sort() });
      for (const option of Object.values(element.options)) placeholdersOf(option.value, found);
    } else if ('children' in element) {
      placeholdersOf(element.children, found);
    } else if ('value' in element && !isLiteral(element)) {
      if (!found.has(element.value)) found.set(element.value, { kind: 'text', options: [] });
    }
  }
  return found;
}

function isLiteral(element: Element): boolean {
  // The parser's literal text is the only element kind numbered 0 (TYPE.literal).
  return (element.type as number) === 0;
}

/**
 * What a translator's slip would break, in words a translator can act on: a message missing or
 * extra in one language, a placeholder renamed, a select whose choices differ, a message that does
 * not parse, a placeholder the note does not explain. Empty when the catalogues agree.
 */
export function catalogueProblems(files: Record<CopyLanguage, object>): string[] {
  return inspect(files).problems;
}

function inspect(files: Record<CopyLanguage, object>): {
  problems: string[];
  compiled: Record<CopyLanguage, Map<string, IntlMessageFormat>>;
} {
  const problems: string[] = [];
  const compiled = {} as Record<CopyLanguage, Map<string, IntlMessageFormat>>;
  const languages = Object.keys(files) as CopyLanguage[];
  const parsed = {} as Record<CopyLanguage, Map<string, Map<string, PlaceholderUse>>>;
  for (const language of languages) {
    parsed[language] = new Map();
    compiled[language] = new Map();
    const file = files[language] as Partial<CatalogueFile<string>>;
    const note = file._translators;
    if (
      note === undefined ||
      typeof note.note !== 'string' ||
      typeof note.placeholders !== 'object'
    )
      problems.push(`${language}: "_translators" must hold "note" and "placeholders"`);
    for (const [key, source] of Object.entries(file)) {
      if (key === '_translators') continue;
      if (typeof source !== 'string') {
        problems.push(`${language} ${key}: a message must be a string`);
        continue;
      }
      try {
        const message = compileMessage(source, language);
        compiled[language].set(key, message);
        const placeholders = placeholdersOf(message.getAst());
        parsed[language].set(key, placeholders);
        for (const name of placeholders.keys())
          if (note?.placeholders?.[name] === undefined)
            problems.push(
              `${language} ${key}: placeholder {${name}} is not explained in "_translators"`,
            );
      } catch (error) {
        problems.push(`${language} ${key}: does not parse (${(error as Error).message})`);
      }
    }
  }
  const [first, ...others] = languages;
  for (const other of others) {
    const keys = new Set([...parsed[first].keys(), ...parsed[other].keys()]);
    for (const key of [...keys].sort()) {
      const a = parsed[first].get(key);
      const b = parsed[other].get(key);
      if (a === undefined || b === undefined) {
        if (!hasKey(files[first], key)) problems.push(`${first}: "${key}" is missing`);
        if (!hasKey(files[other], key)) problems.push(`${other}: "${key}" is missing`);
        continue;
      }
      const names = new Set([...a.keys(), ...b.keys()]);
      for (const name of [...names].sort()) {
        const useA = a.get(name);
        const useB = b.get(name);
        if (useA === undefined || useB === undefined) {
          const lacking = useA === undefined ? first : other;
          problems.push(`${lacking} ${key}: placeholder {${name}} is missing`);
        } else if ((useA.kind === 'select') !== (useB.kind === 'select')) {
          problems.push(`${key}: {${name}} is a select in one language and not in the other`);
        } else if (useA.options.join('|') !== useB.options.join('|') && useA.kind === 'select') {
          problems.push(
            `${key}: select {${name}} offers ${useA.options.join(', ')} in ${first} ` +
              `but ${useB.options.join(', ')} in ${other}`,
          );
        }
      }
    }
  }
  return { problems, compiled };
}

function hasKey(file: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(file, key);
}
