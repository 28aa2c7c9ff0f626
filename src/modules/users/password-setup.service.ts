import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SignedTokens } from '../../common/crypto/signed-tokens';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { OnJob, PermanentJobFailure } from '../../jobs/job-handler.decorator';
import { JobName, type JobPayload } from '../../jobs/job-names';
import { JobService } from '../../jobs/job.service';
import { AuditService } from '../audit/audit.service';
import { type AuthenticatedUser } from '../auth/authenticated-user';
import { MailDeliveryError, MailService } from '../mail/mail.service';
import { PasswordHasher } from '../auth/password-hasher';
import { PasswordSetupPurpose } from './password-setup-token.entity';
import { PasswordSetupTokensRepository } from './password-setup-tokens.repository';
import { PasswordSetupLinkInvalidError } from './users.errors';
import { SignedInUsers } from './signed-in-users';
import { UsersRepository } from './users.repository';
import { renderPasswordSetupEmail } from './password-setup.email';

const SWEEP_GRACE_MS = 60_000;
const SWEEP_BATCH = 500;

@Injectable()
export class PasswordSetupService {
  private readonly logger = new Logger(PasswordSetupService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: PasswordSetupTokensRepository,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly jobs: JobService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
    private readonly signedTokens: SignedTokens,
    private readonly signedIn: SignedInUsers,
  ) {}

  /** Creates a fresh link (revoking older ones) inside the caller's transaction. */
  async issue(
    userId: string,
    purpose: PasswordSetupPurpose,
    createdBy: string | null,
    manager: EntityManager,
  ): Promise<string> {
    await this.users.lockForUpdate(userId, manager);
    await this.tokens.revokeOpenForUser(userId, manager);
    const expiresAt = new Date(Date.now() + this.config.auth.passwordSetupTtlHours * 3600_000);
    const token = await this.tokens.create({ userId, purpose, expiresAt, createdBy }, manager);
    return token.id;
  }

  /** A disabled account's pending links must not work once it is enabled again. */
  async revokeOpenLinks(userId: string, manager: EntityManager): Promise<void> {
    await this.tokens.revokeOpenForUser(userId, manager);
  }

  /**
   * Called after the issuing transaction commits. If the queue is unreachable the link is not
   * lost: the sweep finds rows that were never emailed and enqueues them.
   */
  async requestEmail(tokenId: string): Promise<void> {
    try {
      await this.jobs.enqueue(
        JobName.SendPasswordSetupEmail,
        { passwordSetupTokenId: tokenId },
        { jobId: jobIdFor(tokenId) },
      );
    } catch (error) {
      this.logger.warn(
        { tokenId, err: { type: (error as Error).name } },
        'Could not enqueue the password email; the sweep will',
      );
    }
  }

  linkFor(tokenId: string): string {
    return `${this.config.publicBaseUrl}/set-password#token=${this.secretFor(tokenId)}`;
  }

  @OnJob(JobName.SendPasswordSetupEmail)
  async sendEmail({
    passwordSetupTokenId,
  }: JobPayload<JobName.SendPasswordSetupEmail>): Promise<void> {
    const token = await this.tokens.findById(passwordSetupTokenId);
    if (
      !token ||
      token.emailedAt ||
      token.emailFailedAt ||
      token.usedAt ||
      token.revokedAt ||
      token.expiresAt <= new Date()
    )
      return;
    const user = await this.users.findById(token.userId);
    if (!user || user.disabledAt) return;

    const link = this.linkFor(token.id);
    if (this.mail.configured) {
      const message = renderPasswordSetupEmail({
        fullName: user.fullName,
        link,
        purpose: token.purpose,
        expiresAt: token.expiresAt,
      });
      try {
        await this.mail.send({ to: user.email, ...message });
      } catch (error) {
        if (error instanceof MailDeliveryError && error.permanent) {
          await this.tokens.markEmailFailed(token.id, `SMTP ${error.responseCode}`);
          throw new PermanentJobFailure(
            `The mail server refused the password email (SMTP ${error.responseCode})`,
          );
        }
        throw error;
      }
    } else {
      this.mail.printInsteadOfSending(`password link for user ${user.id}`, link);
    }
    await this.tokens.markEmailed(token.id);
  }

  @OnJob(JobName.SweepUnsentPasswordSetupEmails)
  async sweepUnsent(): Promise<void> {
    const queue = this.jobs.queueOf(JobName.SendPasswordSetupEmail);
    for (const tokenId of await this.tokens.findUnsentIds(SWEEP_GRACE_MS, SWEEP_BATCH)) {
      try {
        const existing = await queue.getJob(jobIdFor(tokenId));
        const state = existing ? await existing.getState() : undefined;
        if (existing && state === 'failed') {
          // Attempts ran out on transient errors (a mail server down for an hour): start the
          // backoff again rather than failing at the first try.
          await existing.retry('failed', { resetAttemptsMade: true });
        } else if (!existing || state === 'completed' || state === 'unknown') {
          await existing?.remove();
          await this.jobs.enqueue(
            JobName.SendPasswordSetupEmail,
            { passwordSetupTokenId: tokenId },
            { jobId: jobIdFor(tokenId) },
          );
        }
      } catch (error) {
        // The job changed state meanwhile, or the queue hiccuped: the next sweep looks again.
        this.logger.warn({ tokenId, err: { type: (error as Error).name } }, 'Sweep skipped a link');
      }
    }
  }

  /** A password chosen another way (changed by its owner) also ends any pending reset link. */
  async setPasswordAndRevokeLinks(actor: AuthenticatedUser, passwordHash: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.users.lockForUpdate(actor.id, manager);
      await this.users.setPassword(actor.id, passwordHash, manager);
      await this.tokens.revokeOpenForUser(actor.id, manager);
      await this.audit.record(manager, actor, {
        action: 'user.password_changed',
        entityType: 'user',
        entityId: actor.id,
        agencyId: actor.agencyId,
      });
    });
    this.signedIn.forget(actor.id);
  }

  /** Sets the password if the link is genuine and unused; every other link for the user dies. */
  async completeWithToken(
    secret: string,
    password: string,
    requestId?: string,
  ): Promise<{ userId: string }> {
    const tokenId = this.verifySecret(secret);
    const passwordHash = await this.hasher.hash(password);
    const done = await this.dataSource.transaction(async (manager) => {
      const token = await this.tokens.findById(tokenId, manager);
      if (!token) throw new PasswordSetupLinkInvalidError();
      await this.users.lockForUpdate(token.userId, manager);
      if (!(await this.tokens.consume(tokenId, manager))) throw new PasswordSetupLinkInvalidError();
      const user = await this.users.findById(token.userId);
      if (!user || user.disabledAt) throw new PasswordSetupLinkInvalidError();
      await this.users.setPassword(user.id, passwordHash, manager);
      await this.tokens.revokeOpenForUser(user.id, manager);
      await this.audit.record(manager, null, {
        action: 'user.password_set_with_link',
        entityType: 'user',
        entityId: user.id,
        agencyId: user.agencyId,
        requestId,
        changes: { purpose: token.purpose },
      });
      return { userId: user.id };
    });
    this.signedIn.forget(done.userId);
    return done;
  }

  private secretFor(tokenId: string): string {
    return this.signedTokens.sign('passwordLinks', tokenId);
  }

  private verifySecret(secret: string): string {
    const verified = this.signedTokens.verify('passwordLinks', secret);
    if (!verified) throw new PasswordSetupLinkInvalidError();
    return verified.id;
  }
}

function jobIdFor(tokenId: string): string {
  return `password-setup-${tokenId}`;
}
