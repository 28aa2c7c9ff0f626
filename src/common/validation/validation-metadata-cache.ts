import { getMetadataStorage } from 'class-validator';

type MetadataLookup = ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas'];
type Lookup = ReturnType<MetadataLookup>;
type Grouping = ReturnType<ReturnType<typeof getMetadataStorage>['groupByPropertyName']>;

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
  const group = storage.groupByPropertyName.bind(storage);
  const byTarget = new WeakMap<object, Map<string, Lookup>>();
  // Each validated object's rules are grouped by property right after the lookup, again on every
  // validation: the grouping of an answer kept here is kept with it.
  const groupings = new WeakMap<Lookup, Grouping>();
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
      // Shared by every later caller, so frozen: class-validator only reads it, and a caller
      // that tried to change it would fail loudly rather than change every later validation.
      answer = Object.freeze(
        lookup(targetConstructor, targetSchema, always, strictGroups, groups),
      ) as Lookup;
      answers.set(key, answer);
    }
    return answer;
  };
  storage.groupByPropertyName = (metadata) => {
    const kept = groupings.get(metadata);
    if (kept) return kept;
    const grouping = group(metadata);
    if (!Object.isFrozen(metadata)) return grouping;
    for (const rules of Object.values(grouping)) Object.freeze(rules);
    groupings.set(metadata, Object.freeze(grouping));
    return grouping;
  };
  storage[CACHED] = true;
}
