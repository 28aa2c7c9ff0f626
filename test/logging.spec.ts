import { Writable } from 'node:stream';
import pino from 'pino';
import { REDACTED_PATHS } from '../src/common/logging/logger-options';

function capture(): { logger: pino.Logger; lines: () => string } {
  let output = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      output += chunk.toString();
      callback();
    },
  });
  return {
    logger: pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, stream),
    lines: () => output,
  };
}

describe('log redaction', () => {
  it('hides auth headers, cookies and personal fields at any of the first levels of nesting', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        req: {
          headers: {
            authorization: 'Bearer eyJsecret',
            cookie: 'session=abc',
            'user-agent': 'curl',
          },
        },
        nik: '1801061234567890',
        victim: { fullName: 'Ahmad Jayani', phone: '+6281234567890', passportNumber: 'C1234567' },
        body: { family: { address: 'Dusun Cinta Sari', email: 'janah@example.org' } },
        caseNumber: 'LPG-2024-000123',
      },
      'something happened',
    );
    const text = lines();
    for (const secret of [
      'eyJsecret',
      'session=abc',
      '1801061234567890',
      'Ahmad Jayani',
      '+6281234567890',
      'C1234567',
      'Dusun Cinta Sari',
      'janah@example.org',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('LPG-2024-000123');
    expect(text).toContain('curl');
    expect(text).toContain('[redacted]');
  });
});
