import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { toE164 } from './identity-numbers';

jest.mock('libphonenumber-js', () => {
  const actual = jest.requireActual<typeof import('libphonenumber-js')>('libphonenumber-js');
  return { ...actual, parsePhoneNumberFromString: jest.fn(actual.parsePhoneNumberFromString) };
});

const parse = jest.mocked(parsePhoneNumberFromString);
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('toE164', () => {
  beforeEach(async () => {
    await nextTurn();
    parse.mockClear();
  });

  it('reads Indonesian ways of writing a number, and refuses what is not a number', () => {
    expect(toE164('0812-3456-7890')).toBe('+6281234567890');
    expect(toE164(' 6281234567890 ')).toBe('+6281234567890');
    expect(toE164('+855 12 345 678')).toBe('+85512345678');
    expect(toE164('12345')).toBeUndefined();
    expect(toE164('bukan nomor')).toBeUndefined();
  });

  it('parses a text once within a turn of the event loop, valid or not', () => {
    expect(toE164('0812 3456 7890')).toBe('+6281234567890');
    expect(toE164('0812 3456 7890')).toBe('+6281234567890');
    expect(toE164('0000')).toBeUndefined();
    expect(toE164('0000')).toBeUndefined();
    expect(parse).toHaveBeenCalledTimes(2);
  });

  it('keeps no number past the turn it was read in', async () => {
    expect(toE164('0812 3456 7890')).toBe('+6281234567890');
    await nextTurn();
    expect(toE164('0812 3456 7890')).toBe('+6281234567890');
    expect(parse).toHaveBeenCalledTimes(2);
  });
});
