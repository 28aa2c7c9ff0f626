import { getMetadataStorage } from 'class-validator';

type MetadataLookup = ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas'];
type Lookup = ReturnType<MetadataLookup>;

const CACHED = Symbol('jejak.cachedValidationMetadata');

/**
 * class-validator looks up a class's rules on every validation by scanning every decorated class
 * of the process for its ancestors (typestack/class-validator#2686): a tenth of a case create's
 * CPU here, paid again for each nested object. A class's rules, its ancestors' included, are all
 * registered when the class is defined, before anything can be validated against it, so the
 * answer for one set of arguments never changes and is kept. Installed once per process.
 */
export function cacheValidationMetadataLookups(): void {
  const storage = getMetadataStorage() as ReturnType<typeof getMetadataStorage> & {
    [CACHED]?: true;
  };
  if (storage[CACHED]) return;
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const byTarget = new WeakMap<object, Map<string, Lookup>>();
  storage.getTargetValidationMetadatas = (
    targetConstructor,
    targetSchema,
    always,
    strictGroups,
    groups,
  ) => {
    let answers = byTarget.get(targetConstructor);
    if (!answers) {
      answers = new Map();
      byTarget.set(targetConstructor, answers);
    }
    // Group names are the caller's strings; the separator cannot occur in a JSON-encoded list.
    const key = `${targetSchema}\u0000${always}\u0000${strictGroups}\u0000${JSON.stringify(groups ?? null)}`;
    let answer = answers.get(key);
    if (!answer) {
      answer = lookup(targetConstructor, targetSchema, always, strictGroups, groups);
      answers.set(key, answer);
    }
    // Callers get their own array, as from the original: class-validator only reads it today,
    // but a shared array changed by one caller would change every later validation.
    return answer.slice();
  };
  storage[CACHED] = true;
}
