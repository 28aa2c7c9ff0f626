import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  getMetadataStorage,
  IsInt,
  IsOptional,
  IsString,
  MinLength,
  ValidateNested,
  validateSync,
} from 'class-validator';
import { cacheValidationMetadataLookups } from './validation-metadata-cache';

class Place {
  @IsString()
  regionCode!: string;
}

class Person {
  @IsString()
  name!: string;

  @MinLength(3, { groups: ['strict'] })
  nickname?: string;
}

class Victim extends Person {
  @IsInt()
  age!: number;

  // Overrides the parent's rule for the same property: only this one may apply.
  @IsOptional()
  @IsString()
  override nickname?: string;

  @ValidateNested()
  @Type(() => Place)
  origin!: Place;
}

function problems(value: object, groups?: string[]): string[] {
  return validateSync(value, { groups, forbidUnknownValues: true })
    .flatMap(function flatten(error): string[] {
      return [
        ...Object.keys(error.constraints ?? {}).map((rule) => `${error.property}:${rule}`),
        ...(error.children ?? []).flatMap(flatten),
      ];
    })
    .sort();
}

function victim(fields: Partial<Record<keyof Victim, unknown>>): Victim {
  const place = Object.assign(new Place(), { regionCode: 18 });
  return Object.assign(new Victim(), { name: 'Siti', age: 'x', origin: place, ...fields });
}

describe('cached validation metadata lookups', () => {
  const storage = getMetadataStorage();
  const original = storage.getTargetValidationMetadatas.bind(storage);
  const originalGrouping = storage.groupByPropertyName.bind(storage);
  /** The function itself, compared by identity and never called unbound. */
  const installedLookup = (): unknown => Reflect.get(storage, 'getTargetValidationMetadatas');
  const argumentSets: Array<Parameters<typeof original>> = [
    [Victim, '', true, false, undefined],
    [Victim, '', false, false, undefined],
    [Victim, '', false, true, undefined],
    [Victim, '', false, false, ['strict']],
    [Person, '', false, false, ['strict']],
    [Person, '', false, false, undefined],
    [Place, '', false, false, undefined],
  ];
  const samples = [
    victim({}),
    victim({ age: 40, nickname: 'Bu' }),
    victim({ age: 40, name: 7 }),
    Object.assign(new Person(), { name: 'Rohmat', nickname: 'Oo' }),
  ];
  const before = samples.flatMap((sample) => [problems(sample), problems(sample, ['strict'])]);
  const lookupsBefore = argumentSets.map((args) => original(...args));

  beforeAll(() => cacheValidationMetadataLookups());

  it('answers every lookup as class-validator does, inherited and overridden rules and groups included', () => {
    expect(installedLookup()).not.toBe(original);
    for (const [i, args] of argumentSets.entries()) {
      const first = storage.getTargetValidationMetadatas(...args);
      const second = storage.getTargetValidationMetadatas(...args);
      expect(first).toEqual(lookupsBefore[i]);
      expect(second).toEqual(first);
    }
    // The samples cover the differences the arguments make: the group rule and the override.
    expect(lookupsBefore[3]).not.toEqual(lookupsBefore[1]);
    expect(lookupsBefore[4]).not.toEqual(lookupsBefore[5]);
  });

  it('validates exactly as before, twice over', () => {
    for (let round = 0; round < 2; round += 1) {
      const after = samples.flatMap((sample) => [problems(sample), problems(sample, ['strict'])]);
      expect(after).toEqual(before);
    }
    expect(before[0]).toEqual(['age:isInt', 'regionCode:isString']);
    expect(problems(samples[3], ['strict'])).toEqual(['nickname:minLength']);
  });

  it('refuses a caller that changes a shared list, so that no later answer changes', () => {
    const args = argumentSets[0];
    const taken = storage.getTargetValidationMetadatas(...args);
    const length = taken.length;
    expect(() => {
      taken.length = 0;
    }).toThrow(TypeError);
    expect(() => taken.push(taken[0])).toThrow(TypeError);
    expect(storage.getTargetValidationMetadatas(...args)).toHaveLength(length);
  });

  it('groups a looked-up list by property as class-validator does, and keeps the grouping', () => {
    for (const args of argumentSets) {
      const rules = storage.getTargetValidationMetadatas(...args);
      const grouping = storage.groupByPropertyName(rules);
      expect(grouping).toEqual(originalGrouping(original(...args)));
      expect(storage.groupByPropertyName(rules)).toBe(grouping);
      expect(Object.isFrozen(grouping)).toBe(true);
    }
    // A list from elsewhere is grouped afresh, not kept.
    const unshared = original(...argumentSets[0]);
    expect(storage.groupByPropertyName(unshared)).not.toBe(storage.groupByPropertyName(unshared));
    expect(storage.groupByPropertyName(unshared)).toEqual(originalGrouping(unshared));
  });

  it('knows a class defined after it was installed, with the rules it inherits', () => {
    class Relative extends Person {
      @IsString()
      relation!: string;
    }
    for (const groups of [undefined, ['strict']])
      expect(storage.getTargetValidationMetadatas(Relative, '', false, false, groups)).toEqual(
        original(Relative, '', false, false, groups),
      );
    const relative = Object.assign(new Relative(), { name: 3, relation: 'ibu' });
    // Without groups, a rule of a group applies too (class-validator's default).
    expect(problems(relative)).toEqual(['name:isString', 'nickname:minLength']);
    expect(problems(relative, ['strict'])).toEqual(['nickname:minLength']);
  });

  it('is installed once however often the pipe is built', () => {
    const installed = installedLookup();
    cacheValidationMetadataLookups();
    expect(installedLookup()).toBe(installed);
  });
});
