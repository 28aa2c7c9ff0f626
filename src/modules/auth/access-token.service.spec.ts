import { createSecretKey, randomBytes } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import type { AppConfig } from '../../config/app-config';
import { AccessTokenService } from './access-token.service';

describe('AccessTokenService', () => {
  const secret = createSecretKey(randomBytes(32));
  const config = { auth: { accessTokenTtlSeconds: 60 } } as AppConfig;
  const tokens = () => new AccessTokenService(new JwtService({ secret }), config);

  afterEach(() => jest.useRealTimers());

  it('remembers a verified token only until it expires', async () => {
    jest.useFakeTimers({ now: new Date('2026-12-06T03:00:00Z'), doNotFake: ['nextTick'] });
    const service = tokens();
    const token = await service.issue('4a0c5e0e-3d5f-4a39-9d7b-3b8f3f1f2b11', 3);
    expect(await service.verify(token)).toMatchObject({ tv: 3 });
    expect(await service.verify(token)).toMatchObject({ tv: 3 });
    jest.setSystemTime(new Date('2026-12-06T03:01:01Z'));
    expect(await service.verify(token)).toBeUndefined();
  });

  it('never remembers a token whose signature is wrong', async () => {
    const service = tokens();
    const token = await service.issue('4a0c5e0e-3d5f-4a39-9d7b-3b8f3f1f2b11', 1);
    const forged = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    expect(await service.verify(forged)).toBeUndefined();
    expect(await service.verify(forged)).toBeUndefined();
    expect(await service.verify(token)).toMatchObject({ tv: 1 });
  });
});
