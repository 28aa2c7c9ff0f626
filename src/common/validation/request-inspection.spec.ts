import { MAX_FIELD_ERRORS } from '../errors/app-error';
import {
  assertInspectable,
  inspectRequestValue,
  MAX_ARRAY_ITEMS,
  MAX_NESTING_DEPTH,
} from './request-inspection';

/** An object `levels` deep, built with a loop so the test itself needs no deep stack. */
function nested(levels: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < levels; level += 1) value = level % 2 ? [value] : { a: value };
  return value;
}

describe('inspectRequestValue', () => {
  it('walks a value nested far beyond the call stack without recursing', () => {
    expect(() => inspectRequestValue(nested(200_000))).not.toThrow();
    expect(inspectRequestValue(nested(200_000)).tooDeep).toBe(true);
  });

  it('allows exactly the maximum depth', () => {
    expect(inspectRequestValue(nested(MAX_NESTING_DEPTH)).tooDeep).toBe(false);
    expect(inspectRequestValue(nested(MAX_NESTING_DEPTH + 1)).tooDeep).toBe(true);
  });

  it('finds ill-formed text in keys and values and NUL characters, in document order', () => {
    const findings = inspectRequestValue(
      { a: 'ok', b: ['x\ud800', { ['k\udc00']: 'v', n: 'a\u0000b' }], c: '\u0000' },
      'body',
    );
    expect(findings.illFormed).toEqual(['body.b[0]', 'body.b[1].k\ufffd']);
    expect(findings.withNul).toEqual(['body.b[1].n', 'body.c']);
  });

  it('accepts surrogate pairs and leaves non-text values alone', () => {
    const findings = inspectRequestValue({ emoji: '🌏', n: 1, t: true, z: null });
    expect(findings).toMatchObject({ tooDeep: false, illFormedTotal: 0, withNulTotal: 0 });
  });

  it('keeps at most the first 100 paths but counts them all', () => {
    const findings = inspectRequestValue(Array.from({ length: 250 }, () => '\ud800'));
    expect(findings.illFormed).toHaveLength(MAX_FIELD_ERRORS);
    expect(findings.illFormedTotal).toBe(250);
  });

  it('stops at the first list longer than the longest a request may carry', () => {
    expect(
      inspectRequestValue({ a: { b: Array(MAX_ARRAY_ITEMS).fill(1) } }).tooLong,
    ).toBeUndefined();
    expect(inspectRequestValue({ a: { b: Array(MAX_ARRAY_ITEMS + 1).fill(1) } }).tooLong).toBe(
      'a.b',
    );
    expect(inspectRequestValue(Array(5000).fill({})).tooLong).toBe('body');
  });

  it('reports the most basic problem first: depth, then encoding, then NUL', () => {
    expect(() => assertInspectable({ a: '\ud800', b: nested(40) })).toThrow(
      expect.objectContaining({ code: 'REQUEST.TOO_DEEP' }),
    );
    expect(() => assertInspectable({ a: '\u0000', b: '\ud800' })).toThrow(
      expect.objectContaining({ code: 'REQUEST.ILL_FORMED_UNICODE' }),
    );
    expect(() => assertInspectable({ a: '\u0000' })).toThrow(
      expect.objectContaining({ code: 'REQUEST.VALIDATION_FAILED' }),
    );
  });
});
