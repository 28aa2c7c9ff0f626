import { ValidationFailedError } from '../errors/app-error';
import { decodeKeysetCursor, encodeKeysetCursor, keysetRows } from './keyset-cursor';

const ID = '6f1c1a4e-8a2b-4c1d-9e3f-0a1b2c3d4e5f';
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('keyset cursors', () => {
  it('gives back the exact time and id it was made from', () => {
    const position = { at: '2026-11-30T03:04:05.678123Z', id: ID };
    expect(decodeKeysetCursor(encodeKeysetCursor(position)!)).toEqual(position);
    expect(encodeKeysetCursor(null)).toBeNull();
  });

  it('resumes a millisecond cursor after the end of its millisecond, so no row is skipped', () => {
    expect(decodeKeysetCursor(cursorOf(['2026-11-30T03:04:05.678Z', ID]))).toEqual({
      at: '2026-11-30T03:04:05.678999Z',
      id: ID,
    });
  });

  it.each([
    ['not JSON', 'x'],
    ['an object', cursorOf({ at: '2026-11-30T03:04:05.678123Z', id: ID })],
    ['three items', cursorOf(['2026-11-30T03:04:05.678123Z', ID, 1])],
    ['a number for a time', cursorOf([1, ID])],
    ['no fraction', cursorOf(['2026-11-30T03:04:05Z', ID])],
    ['two fractional digits', cursorOf(['2026-11-30T03:04:05.67Z', ID])],
    ['an offset', cursorOf(['2026-11-30T03:04:05.678123+07:00', ID])],
    ['February 30th', cursorOf(['2026-02-30T03:04:05.678123Z', ID])],
    ['hour 24', cursorOf(['2026-11-30T24:00:00.000000Z', ID])],
    ['year 0', cursorOf(['0000-01-01T00:00:00.000000Z', ID])],
    ['no UUID', cursorOf(['2026-11-30T03:04:05.678123Z', 'abc'])],
  ])('refuses %s as a field error on cursor', (_label, cursor) => {
    expect(() => decodeKeysetCursor(cursor)).toThrow(ValidationFailedError);
  });

  it('keeps a page of rows and points after its last one only when a look-ahead row came back', () => {
    const rows = [1, 2, 3].map((n) => ({ n, at: `t${n}`, id: `id${n}` }));
    const position = (row: { at: string; id: string }) => ({ at: row.at, id: row.id });
    expect(keysetRows(rows, 2, (row) => row.n, position)).toEqual({
      items: [1, 2],
      next: { at: 't2', id: 'id2' },
    });
    expect(keysetRows(rows, 3, (row) => row.n, position)).toEqual({
      items: [1, 2, 3],
      next: null,
    });
  });
});
