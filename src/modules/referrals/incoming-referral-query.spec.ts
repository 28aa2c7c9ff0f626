import { ValidationFailedError } from '../../common/errors/app-error';
import { IncomingReferralSort } from './dto/incoming-referral.dto';
import { decodeIncomingCursor, encodeIncomingCursor } from './incoming-referral-query';

const ID = '4f1c2a8e-0b7d-4c55-9a53-2f0e6d1b9c07';

describe('incoming list cursors', () => {
  it('round-trip a position to the microsecond, and the end of the next-due order', () => {
    for (const [sort, key] of [
      [IncomingReferralSort.NextDue, '2026-12-01T08:30:00.123456Z'],
      [IncomingReferralSort.NextDue, 'infinity'],
      [IncomingReferralSort.Newest, '2026-12-01T08:30:00.000001Z'],
    ] as const) {
      const cursor = encodeIncomingCursor({ sort, key, id: ID })!;
      expect(decodeIncomingCursor(cursor, sort)).toEqual({ sort, key, id: ID });
    }
  });

  it("refuses another order's cursor and anything not given out, as a 400 on the cursor", () => {
    const cursor = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString('base64url');
    const refused = [
      [
        encodeIncomingCursor({ sort: IncomingReferralSort.NextDue, key: 'infinity', id: ID })!,
        'newest',
      ],
      [cursor(['newest', 'infinity', ID]), 'newest'],
      [cursor(['nextDue', '2026-02-30T00:00:00.000000Z', ID]), 'nextDue'],
      [cursor(['nextDue', '2026-12-01T08:30:00.123Z', ID]), 'nextDue'],
      [cursor(['nextDue', 'infinity', 'nope']), 'nextDue'],
      [cursor(['nextDue', 'infinity']), 'nextDue'],
      [cursor(['priority', 'infinity', ID]), 'nextDue'],
      ['%%%', 'nextDue'],
    ] as const;
    for (const [text, sort] of refused) {
      let error: unknown;
      try {
        decodeIncomingCursor(text, sort as IncomingReferralSort);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ValidationFailedError);
    }
  });
});
