import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Job, Queue } from 'bullmq';
import { JobHandlerRegistry } from '../../src/jobs/job-handler.registry';
import { JobName, type JobPayload } from '../../src/jobs/job-names';
import { JobService } from '../../src/jobs/job.service';
import { WorkerModule } from '../../src/jobs/worker.module';
import { SignedTokens } from '../../src/common/crypto/signed-tokens';
import { UserRole } from '../../src/modules/users/user-role';
import { bearer, createUser, SignedInUser } from './factories';
import { ReceivedMail, SmtpSink, startSmtpSink } from './smtp-sink';
import { QueueBackend, startTestApp, TEST_APP_SECRET, TestApp } from './test-app';

const MAIL_FROM = 'Jejak <no-reply@jejak.test>';
const LINK_PATTERN = /http:\/\/jejak\.test\/set-password#token=([A-Za-z0-9_.-]+)/g;
/** How long to keep watching for a duplicate after the expected email arrived. */
const QUIET_MS = 750;
const NEW_PASSWORD = 'a long enough new passphrase';

type SendPayload = JobPayload<JobName.SendPasswordSetupEmail>;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Retries an assertion until it passes or the time is up, then fails with its last error. */
async function eventually<T>(
  check: () => Promise<T>,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(intervalMs);
    }
  }
}

/** The single password link in an email (it appears once in each language, identical). */
function tokenFrom(mail: ReceivedMail): string {
  const tokens = [...mail.text.matchAll(LINK_PATTERN)].map((match) => match[1]);
  expect(tokens.length).toBeGreaterThanOrEqual(1);
  expect(new Set(tokens).size).toBe(1);
  return tokens[0];
}

const tokenIdOf = (token: string): string => token.split('.')[0];
const jobIdOf = (tokenId: string): string => `password-setup-${tokenId}`;

/**
 * The password-link email, end to end: the API enqueues, a real BullMQ worker on `backend` runs
 * the job, a real SMTP server on loopback receives the message, and the link sets the password.
 */
export function describePasswordSetupEmails(backend: QueueBackend): void {
  describe(`password setup emails (${backend} queue)`, () => {
    let sink: SmtpSink;
    let t: TestApp;
    let admin: SignedInUser;
    let jobs: JobService;
    let registry: JobHandlerRegistry;
    let emailQueue: Queue;

    beforeAll(async () => {
      sink = await startSmtpSink();
      t = await startTestApp({ queue: backend, env: { SMTP_URL: sink.url, MAIL_FROM } });
      admin = await createUser(t, UserRole.Admin);
      jobs = t.app.get(JobService);
      registry = t.app.get(JobHandlerRegistry);
      emailQueue = jobs.queueOf(JobName.SendPasswordSetupEmail);
      // The scheduled sweep would pick up links these tests leave unsent on purpose, and its
      // emails would spend the SMTP failures a test arms; tests run the sweep themselves.
      await jobs.queueOf(JobName.SweepUnsentPasswordSetupEmails).pause();
    });

    afterAll(async () => {
      await t?.close();
      await sink?.close();
    });

    async function createUserThroughApi(): Promise<{ id: string; email: string }> {
      const email = `new-user-${randomBytes(4).toString('hex')}@example.org`;
      const response = await t
        .http()
        .post('/api/v1/users')
        .set(...bearer(admin))
        .send({
          email,
          fullName: 'Siti Rahayu',
          role: UserRole.Caseworker,
          agencyId: admin.agencyId,
        });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ email, hasPassword: false });
      return { id: response.body.id as string, email };
    }

    /** Waits for exactly one email to `email`, and makes sure no second one follows. */
    async function theOnlyEmailTo(email: string): Promise<ReceivedMail> {
      await sink.waitFor(1, 10_000, email);
      await sleep(QUIET_MS);
      const received = sink.messagesTo(email);
      expect(received).toHaveLength(1);
      return received[0];
    }

    function setPassword(token: string, password = NEW_PASSWORD) {
      return t.http().post('/api/v1/auth/password-setup').send({ token, password });
    }

    async function tokenRow(id: string) {
      const { rows } = await t.db.query<{
        user_id: string;
        emailed_at: Date | null;
        used_at: Date | null;
        revoked_at: Date | null;
      }>(
        'SELECT user_id, emailed_at, used_at, revoked_at FROM password_setup_tokens WHERE id = $1',
        [id],
      );
      expect(rows).toHaveLength(1);
      return rows[0];
    }

    async function passwordHashOf(userId: string): Promise<string | null> {
      const { rows } = await t.db.query<{ password_hash: string | null }>(
        'SELECT password_hash FROM users WHERE id = $1',
        [userId],
      );
      return rows[0].password_hash;
    }

    async function jobInState(jobId: string, state: string, attemptsMade?: number): Promise<Job> {
      return eventually(async () => {
        // State first, then the snapshot: a snapshot read before the move to `state` would carry
        // the attempt count and failure reason of the previous state.
        expect(await emailQueue.getJobState(jobId)).toBe(state);
        const job = await emailQueue.getJob(jobId);
        expect(job).toBeDefined();
        if (attemptsMade !== undefined) expect(job!.attemptsMade).toBe(attemptsMade);
        return job!;
      });
    }

    /** Inserts a user who has no password yet, straight into the database. */
    async function insertUserWithoutPassword(): Promise<{ id: string; email: string }> {
      const email = `swept-${randomBytes(4).toString('hex')}@example.org`;
      const { rows } = await t.db.query<{ id: string }>(
        `INSERT INTO users (email, full_name, role, agency_id) VALUES ($1, 'Budi Santoso', 'viewer', $2) RETURNING id`,
        [email, admin.agencyId],
      );
      return { id: rows[0].id, email };
    }

    async function insertToken(
      userId: string,
      columns: { createdAgo: string; expiresIn: string; revoked?: boolean },
    ) {
      const { rows } = await t.db.query<{ id: string }>(
        `INSERT INTO password_setup_tokens (user_id, purpose, expires_at, revoked_at, created_at)
         VALUES ($1, 'invitation', now() + $2::interval, CASE WHEN $3 THEN now() END, now() - $4::interval)
         RETURNING id`,
        [userId, columns.expiresIn, columns.revoked ?? false, columns.createdAgo],
      );
      return rows[0].id;
    }

    it('emails a new user a one-time link that sets their password exactly once', async () => {
      const user = await createUserThroughApi();

      const mail = await theOnlyEmailTo(user.email);
      expect(mail.to).toEqual([user.email]);
      expect(mail.from).toBe('no-reply@jejak.test');
      expect(mail.raw).toMatch(/^From: Jejak <no-reply@jejak\.test>\r?$/m);
      expect(mail.subject).toBe(
        'Akun Jejak Anda: buat kata sandi / Your Jejak account: set your password',
      );
      expect(mail.text).toContain('Siti Rahayu');
      const token = tokenFrom(mail);

      const { rows: tokenRows } = await t.db.query<{ id: string }>(
        'SELECT id FROM password_setup_tokens WHERE user_id = $1',
        [user.id],
      );
      expect(tokenRows.map((row) => row.id)).toEqual([tokenIdOf(token)]);
      const tokenId = tokenIdOf(token);
      await eventually(async () =>
        expect((await tokenRow(tokenId)).emailed_at).toBeInstanceOf(Date),
      );

      // The queue holds ids only: nothing personal, and nothing that would let someone use the link.
      const job = await jobInState(jobIdOf(tokenId), 'completed');
      expect(job.name).toBe(JobName.SendPasswordSetupEmail);
      expect(job.data).toEqual({ passwordSetupTokenId: tokenId });
      const stored = JSON.stringify(job.data);
      expect(stored).not.toContain(user.email);
      expect(stored).not.toContain(token.split('.')[1]);

      expect(await passwordHashOf(user.id)).toBeNull();
      expect(
        (
          await t
            .http()
            .post('/api/v1/auth/login')
            .send({ email: user.email, password: NEW_PASSWORD })
        ).status,
      ).toBe(401);

      const completed = await setPassword(token);
      expect(completed.status).toBe(204);
      const login = await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: NEW_PASSWORD });
      expect(login.status).toBe(200);
      expect(login.body.user).toMatchObject({ id: user.id, hasPassword: true });

      const reused = await setPassword(token, 'someone else entirely here');
      expect(reused.status).toBe(404);
      expect(reused.body).toMatchObject({ statusCode: 404, code: 'AUTH.SETUP_LINK_INVALID' });
      // The second attempt changed nothing: the password is still the first one.
      expect(
        (
          await t
            .http()
            .post('/api/v1/auth/login')
            .send({ email: user.email, password: NEW_PASSWORD })
        ).status,
      ).toBe(200);

      const row = await tokenRow(tokenId);
      expect(row.emailed_at).toBeInstanceOf(Date);
      expect(row.used_at).toBeInstanceOf(Date);
    });

    it('refuses tampered, unknown, garbage and expired tokens without changing anything', async () => {
      const user = await createUserThroughApi();
      const token = tokenFrom(await theOnlyEmailTo(user.email));
      const [tokenId, mac] = token.split('.') as [string, string];

      const flip = (c: string): string => (c === 'A' ? 'B' : 'A');
      const middle = Math.floor(mac.length / 2);
      const tamperedMac = `${tokenId}.${mac.slice(0, middle)}${flip(mac[middle])}${mac.slice(middle + 1)}`;
      const tamperedId = `${tokenId.slice(0, -1)}${tokenId.endsWith('0') ? '1' : '0'}.${mac}`;
      const otherId = randomUUID();
      const unknownWithTheRealMac = `${otherId}.${mac}`;
      // Correctly signed, so only the database lookup can refuse it.
      const unknownButSigned = t.app.get(SignedTokens).sign('passwordLinks', otherId);
      // The real link signed as before keys had a purpose, with APP_SECRET itself: refused now.
      const signedWithAppSecret = `${tokenId}.${createHmac('sha256', TEST_APP_SECRET).update(`password-setup:${tokenId}`).digest('base64url')}`;
      const garbage = [
        'this-is-not-a-token',
        'not-a-uuid.c29tZXRoaW5nIGVsc2U',
        `${tokenId}.`,
        `.${mac}`,
        `${token}.extra`,
      ];

      for (const candidate of [
        tamperedMac,
        tamperedId,
        unknownWithTheRealMac,
        unknownButSigned,
        signedWithAppSecret,
        ...garbage,
      ]) {
        const response = await setPassword(candidate);
        expect({ candidate, status: response.status, code: response.body.code }).toEqual({
          candidate,
          status: 404,
          code: 'AUTH.SETUP_LINK_INVALID',
        });
      }
      expect(await passwordHashOf(user.id)).toBeNull();
      expect((await tokenRow(tokenId)).used_at).toBeNull();

      await t.db.query(
        `UPDATE password_setup_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`,
        [tokenId],
      );
      const expired = await setPassword(token);
      expect(expired.status).toBe(404);
      expect(expired.body.code).toBe('AUTH.SETUP_LINK_INVALID');
      expect(await passwordHashOf(user.id)).toBeNull();
      expect((await tokenRow(tokenId)).used_at).toBeNull();

      // The genuine token was refused only for its age: given time again, it works.
      await t.db.query(
        `UPDATE password_setup_tokens SET expires_at = now() + interval '1 hour' WHERE id = $1`,
        [tokenId],
      );
      expect((await setPassword(token)).status).toBe(204);
      expect(await passwordHashOf(user.id)).not.toBeNull();
    });

    it('retries a delivery the mail server refused, and delivers it exactly once', async () => {
      sink.failNext(2);
      const refusedBefore = sink.rejectedCount;
      const user = await createUserThroughApi();
      const { rows } = await t.db.query<{ id: string }>(
        'SELECT id FROM password_setup_tokens WHERE user_id = $1',
        [user.id],
      );
      const tokenId = rows[0].id;
      const jobId = jobIdOf(tokenId);

      // First attempt: refused with 451, so BullMQ holds the job back for its exponential backoff.
      const afterFirst = await jobInState(jobId, 'delayed', 1);
      expect(afterFirst.opts).toMatchObject({
        attempts: 8,
        backoff: { type: 'exponential', delay: 15_000 },
      });
      expect(afterFirst.failedReason).toMatch(/451|try later/);
      expect(sink.rejectedCount).toBe(refusedBefore + 1);
      expect(sink.messagesTo(user.email)).toHaveLength(0);
      expect((await tokenRow(tokenId)).emailed_at).toBeNull();

      // Skip the 15 s wait rather than shorten the policy: promote runs the retry now.
      await afterFirst.promote();
      const afterSecond = await jobInState(jobId, 'delayed', 2);
      expect(sink.rejectedCount).toBe(refusedBefore + 2);
      expect(sink.messagesTo(user.email)).toHaveLength(0);
      expect((await tokenRow(tokenId)).emailed_at).toBeNull();

      await afterSecond.promote();
      const mail = await theOnlyEmailTo(user.email);
      expect(tokenIdOf(tokenFrom(mail))).toBe(tokenId);
      await jobInState(jobId, 'completed');
      expect((await tokenRow(tokenId)).emailed_at).toBeInstanceOf(Date);
      expect(sink.rejectedCount).toBe(refusedBefore + 2);
      expect((await setPassword(tokenFrom(mail))).status).toBe(204);
    });

    it('leaves the link unsent when the handler fails, so a later run still delivers it', async () => {
      const user = await insertUserWithoutPassword();
      // Recent, so the sweep leaves it alone while this test drives the handler itself.
      const tokenId = await insertToken(user.id, { createdAgo: '0 seconds', expiresIn: '1 hour' });
      const payload: SendPayload = { passwordSetupTokenId: tokenId };

      sink.failNext(1);
      await expect(registry.run(JobName.SendPasswordSetupEmail, payload)).rejects.toThrow(
        /451|try later/,
      );
      expect((await tokenRow(tokenId)).emailed_at).toBeNull();
      expect(sink.messagesTo(user.email)).toHaveLength(0);

      await registry.run(JobName.SendPasswordSetupEmail, payload);
      expect((await tokenRow(tokenId)).emailed_at).toBeInstanceOf(Date);
      expect(tokenIdOf(tokenFrom(await theOnlyEmailTo(user.email)))).toBe(tokenId);
    });

    it('sweeps up a link that was never emailed, and only once', async () => {
      const owed = await insertUserWithoutPassword();
      const owedTokenId = await insertToken(owed.id, {
        createdAgo: '5 minutes',
        expiresIn: '1 hour',
      });
      // Links the sweep must leave alone: too recent (its own job may still run), expired, revoked,
      // and those of a disabled account.
      const recent = await insertUserWithoutPassword();
      const recentTokenId = await insertToken(recent.id, {
        createdAgo: '0 seconds',
        expiresIn: '1 hour',
      });
      const expired = await insertUserWithoutPassword();
      const expiredTokenId = await insertToken(expired.id, {
        createdAgo: '5 minutes',
        expiresIn: '-1 minute',
      });
      const revoked = await insertUserWithoutPassword();
      const revokedTokenId = await insertToken(revoked.id, {
        createdAgo: '5 minutes',
        expiresIn: '1 hour',
        revoked: true,
      });
      const disabled = await insertUserWithoutPassword();
      const disabledTokenId = await insertToken(disabled.id, {
        createdAgo: '5 minutes',
        expiresIn: '1 hour',
      });
      await t.db.query('UPDATE users SET disabled_at = now() WHERE id = $1', [disabled.id]);
      expect(await emailQueue.getJob(jobIdOf(owedTokenId))).toBeUndefined();

      await registry.run(JobName.SweepUnsentPasswordSetupEmails, {});
      const mail = await theOnlyEmailTo(owed.email);
      expect(tokenIdOf(tokenFrom(mail))).toBe(owedTokenId);
      await eventually(async () =>
        expect((await tokenRow(owedTokenId)).emailed_at).toBeInstanceOf(Date),
      );
      await jobInState(jobIdOf(owedTokenId), 'completed');

      await registry.run(JobName.SweepUnsentPasswordSetupEmails, {});
      await sleep(QUIET_MS);
      expect(sink.messagesTo(owed.email)).toHaveLength(1);
      for (const [skipped, tokenId] of [
        [recent, recentTokenId],
        [expired, expiredTokenId],
        [revoked, revokedTokenId],
        [disabled, disabledTokenId],
      ] as const) {
        expect(sink.messagesTo(skipped.email)).toHaveLength(0);
        expect(await emailQueue.getJob(jobIdOf(tokenId))).toBeUndefined();
        expect((await tokenRow(tokenId)).emailed_at).toBeNull();
      }

      expect((await setPassword(tokenFrom(mail))).status).toBe(204);
      // Tidy up: nothing should be owed an email once this test is over.
      await t.db.query('UPDATE password_setup_tokens SET revoked_at = now() WHERE id = $1', [
        recentTokenId,
      ]);
    });

    it('sends once even when the job runs again after delivery', async () => {
      const user = await createUserThroughApi();
      const mail = await theOnlyEmailTo(user.email);
      const tokenId = tokenIdOf(tokenFrom(mail));
      await jobInState(jobIdOf(tokenId), 'completed');
      const emailedAt = (await tokenRow(tokenId)).emailed_at;
      expect(emailedAt).toBeInstanceOf(Date);

      // Directly through the handler, and again as a real job under another id on the worker.
      await registry.run(JobName.SendPasswordSetupEmail, { passwordSetupTokenId: tokenId });
      const againId = `again-${tokenId}`;
      await jobs.enqueue(
        JobName.SendPasswordSetupEmail,
        { passwordSetupTokenId: tokenId },
        { jobId: againId },
      );
      await jobInState(againId, 'completed');
      // Adding the original id again is ignored by BullMQ while that job is kept.
      await jobs.enqueue(
        JobName.SendPasswordSetupEmail,
        { passwordSetupTokenId: tokenId },
        { jobId: jobIdOf(tokenId) },
      );

      await sleep(QUIET_MS);
      expect(sink.messagesTo(user.email)).toHaveLength(1);
      expect((await tokenRow(tokenId)).emailed_at).toEqual(emailedAt);
    });

    it('sends a fresh link on request, and the earlier one stops working', async () => {
      const user = await createUserThroughApi();
      const firstToken = tokenFrom(await theOnlyEmailTo(user.email));

      const requested = await t
        .http()
        .post(`/api/v1/users/${user.id}/password-link`)
        .set(...bearer(admin));
      expect(requested.status).toBe(202);
      const received = await sink.waitFor(2, 10_000, user.email);
      await sleep(QUIET_MS);
      expect(sink.messagesTo(user.email)).toHaveLength(2);
      const secondToken = tokenFrom(received[1]);
      expect(tokenIdOf(secondToken)).not.toBe(tokenIdOf(firstToken));
      expect((await tokenRow(tokenIdOf(firstToken))).revoked_at).toBeInstanceOf(Date);

      const old = await setPassword(firstToken);
      expect(old.status).toBe(404);
      expect(old.body.code).toBe('AUTH.SETUP_LINK_INVALID');
      expect(await passwordHashOf(user.id)).toBeNull();

      expect((await setPassword(secondToken)).status).toBe(204);
      expect(
        (
          await t
            .http()
            .post('/api/v1/auth/login')
            .send({ email: user.email, password: NEW_PASSWORD })
        ).status,
      ).toBe(200);
    });

    it('gives up at once on an address the mail server refuses, without the address in the queue', async () => {
      const email = `no-such-mailbox-${randomBytes(4).toString('hex')}@example.org`;
      sink.rejectRecipient(email);
      const created = await t
        .http()
        .post('/api/v1/users')
        .set(...bearer(admin))
        .send({ email, fullName: 'Tidak Ada', role: UserRole.Viewer, agencyId: admin.agencyId });
      expect(created.status).toBe(201);
      const { rows } = await t.db.query<{ id: string }>(
        'SELECT id FROM password_setup_tokens WHERE user_id = $1',
        [created.body.id],
      );
      const tokenId = rows[0].id;

      const job = await jobInState(jobIdOf(tokenId), 'failed', 1);
      expect(job.failedReason).toContain('SMTP 550');
      expect(JSON.stringify({ reason: job.failedReason, stack: job.stacktrace })).not.toContain(
        email,
      );
      const failed = await t.db.query(
        'SELECT email_failed_at, email_error, emailed_at FROM password_setup_tokens WHERE id = $1',
        [tokenId],
      );
      expect(failed.rows[0]).toMatchObject({ email_error: 'SMTP 550', emailed_at: null });
      expect(failed.rows[0].email_failed_at).toBeInstanceOf(Date);

      // The sweep does not keep knocking on a door that said no.
      await t.db.query(
        "UPDATE password_setup_tokens SET created_at = now() - interval '5 minutes' WHERE id = $1",
        [tokenId],
      );
      await registry.run(JobName.SweepUnsentPasswordSetupEmails, {});
      expect(await (await emailQueue.getJob(jobIdOf(tokenId)))?.getState()).toBe('failed');
    });

    it('recreates the sweep schedule when the queue lost it (Redis restarted empty)', async () => {
      const maintenance = jobs.queueOf(JobName.SweepUnsentPasswordSetupEmails);
      expect(
        await maintenance.getJobScheduler(JobName.SweepUnsentPasswordSetupEmails),
      ).toBeDefined();
      await maintenance.removeJobScheduler(JobName.SweepUnsentPasswordSetupEmails);
      expect(
        await maintenance.getJobScheduler(JobName.SweepUnsentPasswordSetupEmails),
      ).toBeUndefined();
      await t.app.get(WorkerModule).ensureSchedules();
      expect(
        await maintenance.getJobScheduler(JobName.SweepUnsentPasswordSetupEmails),
      ).toMatchObject({
        every: 60_000,
      });
    });

    it('leaves exactly one live link when several are requested at once', async () => {
      const user = await createUserThroughApi();
      await theOnlyEmailTo(user.email);
      const responses = await Promise.all(
        Array.from({ length: 5 }, () =>
          t
            .http()
            .post(`/api/v1/users/${user.id}/password-link`)
            .set(...bearer(admin)),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual([202, 202, 202, 202, 202]);
      const { rows } = await t.db.query(
        'SELECT count(*)::int AS live FROM password_setup_tokens WHERE user_id = $1 AND revoked_at IS NULL AND used_at IS NULL',
        [user.id],
      );
      expect(rows[0].live).toBe(1);
    });

    it('revokes the pending link when the account is disabled, and enabling does not revive it', async () => {
      const user = await createUserThroughApi();
      const token = tokenFrom(await theOnlyEmailTo(user.email));

      const disabled = await t
        .http()
        .post(`/api/v1/users/${user.id}/disable`)
        .set(...bearer(admin));
      expect(disabled.status).toBe(200);
      expect((await tokenRow(tokenIdOf(token))).revoked_at).toBeInstanceOf(Date);
      expect(
        (
          await t
            .http()
            .post(`/api/v1/users/${user.id}/enable`)
            .set(...bearer(admin))
        ).status,
      ).toBe(200);

      const response = await setPassword(token);
      expect(response.status).toBe(404);
      expect(await passwordHashOf(user.id)).toBeNull();
    });
  });
}
