import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import 'reflect-metadata';
import { getMetadataStorage } from 'class-validator';
import { MAX_ARRAY_ITEMS } from '../src/common/validation/request-inspection';

/**
 * A guard over every request DTO, read from the decorators' own metadata, so that a property added
 * later without the right checks fails here rather than as a 500 in production:
 * - a nested object is validated as an object (an array sent where an object belongs passed
 *   ValidateNested element by element and then failed on a NOT NULL column), and a list of
 *   objects is an array whose every element is an object;
 * - a property converted to a class is validated as nested, or it would not be validated at all;
 * - no list may be longer than the inspection of incoming requests allows;
 * - query numbers and booleans go through IntegerQuery / BooleanQuery, never `@Type(() => Number)`,
 *   which reads " 5", "0x10" and "" as numbers.
 */

interface ValidationEntry {
  type: string;
  name?: string;
  constraints?: unknown[];
  propertyName: string;
  each?: boolean;
  target: unknown;
}
interface TypeEntry {
  target: unknown;
  propertyName: string;
  typeFunction: () => unknown;
}

const SOURCE = join(__dirname, '..', 'src');
const PRIMITIVES: unknown[] = [String, Number, Boolean, Date, Object, Array, Symbol, BigInt];

function dtoFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return dtoFiles(path);
    const isDto = entry.name.endsWith('.dto.ts') || folder.split(/[\\/]/).includes('dto');
    return isDto && entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

function describeProperty(target: unknown, property: string): string {
  return `${(target as { name: string }).name}.${property}`;
}

describe('request DTOs', () => {
  const files = dtoFiles(SOURCE);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  files.forEach((file) => require(file));
  const validations = [
    ...(
      getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, ValidationEntry[]> }
    ).validationMetadatas.values(),
  ].flat();
  // The storage class-transformer's decorators write to; the package declares no type for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
    defaultMetadataStorage: { _typeMetadatas: Map<unknown, Map<string, TypeEntry>> };
  };
  const types = [...defaultMetadataStorage._typeMetadatas.values()].flatMap((byProperty) => [
    ...byProperty.values(),
  ]);

  const on = (target: unknown, property: string) =>
    validations.filter((v) => v.target === target && v.propertyName === property);

  it('are all loaded, so the checks below cannot pass by finding nothing', () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
    const targets = new Set(validations.map((v) => v.target));
    expect(targets.size).toBeGreaterThanOrEqual(40);
    expect(validations.filter((v) => v.type === 'nestedValidation').length).toBeGreaterThanOrEqual(
      4,
    );
  });

  it('validate every nested object as an object, and every list of objects element by element', () => {
    const missing: string[] = [];
    for (const nested of validations.filter((v) => v.type === 'nestedValidation')) {
      const checks = on(nested.target, nested.propertyName);
      const isObject = checks.find((c) => c.name === 'isObject' && !!c.each === !!nested.each);
      const isArray = checks.find((c) => c.name === 'isArray');
      if (!isObject || (nested.each && !isArray))
        missing.push(describeProperty(nested.target, nested.propertyName));
    }
    expect(missing).toEqual([]);
  });

  it('validate as nested every property converted to a class', () => {
    const unvalidated: string[] = [];
    for (const type of types) {
      const converted = type.typeFunction();
      if (PRIMITIVES.includes(converted)) continue;
      const nested = on(type.target, type.propertyName).some((v) => v.type === 'nestedValidation');
      if (!nested) unvalidated.push(describeProperty(type.target, type.propertyName));
    }
    expect(unvalidated).toEqual([]);
  });

  it('validate as nested every validated property whose declared type is a class', () => {
    const unvalidated: string[] = [];
    const seen = new Set<string>();
    for (const validation of validations) {
      const target = validation.target as { prototype: object };
      const key = describeProperty(target, validation.propertyName);
      if (seen.has(key)) continue;
      seen.add(key);
      const declared: unknown = Reflect.getMetadata(
        'design:type',
        target.prototype,
        validation.propertyName,
      );
      if (typeof declared !== 'function' || PRIMITIVES.includes(declared)) continue;
      if (!on(target, validation.propertyName).some((v) => v.type === 'nestedValidation'))
        unvalidated.push(key);
    }
    expect(unvalidated).toEqual([]);
  });

  it('accept no list longer than the inspection of incoming requests lets through', () => {
    const limits = validations.filter((v) => v.name === 'arrayMaxSize');
    expect(limits.length).toBeGreaterThanOrEqual(10);
    const tooLong = limits
      .filter((v) => Number(v.constraints?.[0]) > MAX_ARRAY_ITEMS)
      .map((v) => describeProperty(v.target, v.propertyName));
    expect(tooLong).toEqual([]);
  });

  it('convert no query value with @Type(() => Number | Boolean | String)', () => {
    const loose = types
      .filter((type) => [Number, Boolean, String].includes(type.typeFunction() as never))
      .map((type) => describeProperty(type.target, type.propertyName));
    expect(loose).toEqual([]);
  });
});
