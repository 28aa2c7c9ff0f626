import { Redis } from 'ioredis';
import { startTestApp, TestApp } from './support/test-app';
import { TEST_REDIS_URL } from './support/test-env';

jest.setTimeout(60_000);
it('probe', async () => {
  const t: TestApp = await startTestApp({ env: { NOTIFICATION_SWEEP_SECONDS: '1' } });
  const redis = new Redis(TEST_REDIS_URL);
  const list = (await redis.client('LIST')) as string;
  console.log(t.config.queue.prefix, list.split('\n').filter((l) => l.includes(t.config.queue.prefix) || true).map(l => l.replace(/ (fd|age|idle|flags|db|sub|psub|ssub|multi|watch|qbuf|qbuf-free|argv-mem|multi-mem|rbs|rbp|obl|oll|omem|tot-mem|events|user|redir|resp|lib-name|lib-ver|io-thread|tot-net-in|tot-net-out|tot-cmds|laddr)=\S*/g, '')).join('\n'));
  const keys = await redis.keys(`${t.config.queue.prefix}:*`);
  console.log(keys);
  redis.disconnect();
  await t.close();
});
