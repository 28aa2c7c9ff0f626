import { modifyReturning } from '../../database/modifying-query';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, MoreThan, Repository } from 'typeorm';
import { SignedTokens, type VerifiedToken } from '../../common/crypto/signed-tokens';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { ReferralResponseLink } from './referral-response-link.entity';
import { ReferralLinkInvalidError } from './referrals.errors';

/**
 * Where the token of an action link travels to the API. A header, because paths and query strings
 * end up in the access logs of every proxy and CDN on the way.
 */
export const RESPONSE_TOKEN_HEADER = 'x-response-token';

/**
 * Signed action links for people at the receiving agency who have no account. A link names its
 * row and carries an HMAC of it under the action-link key, so it cannot be forged, cannot be
 * turned into another kind of link, and dies when its row is revoked or expires.
 */
@Injectable()
export class ReferralLinksService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly signedTokens: SignedTokens,
    @InjectRepository(ReferralResponseLink)
    private readonly links: Repository<ReferralResponseLink>,
  ) {}

  /** A fresh link for the referral; the ones before it stop working. */
  async issue(
    manager: EntityManager,
    referralId: string,
    revokedBy: string | null,
    dueAt: Date,
  ): Promise<ReferralResponseLink> {
    await this.revokeAll(manager, referralId, revokedBy);
    const repository = manager.getRepository(ReferralResponseLink);
    return repository.save(repository.create({ referralId, expiresAt: this.expiryFor(dueAt) }));
  }

  /**
   * A later due date keeps the live link working until after it: overdue reminders carry the
   * link, and an agency without an account has no other way in.
   */
  async extendFor(manager: EntityManager, referralId: string, dueAt: Date): Promise<void> {
    await manager.query(
      `UPDATE referral_response_links SET expires_at = greatest(expires_at, $2)
       WHERE referral_id = $1 AND revoked_at IS NULL AND expires_at > now()`,
      [referralId, this.expiryFor(dueAt)],
    );
  }

  /** REFERRAL_LINK_TTL_DAYS from now, and never before the due date plus that same margin. */
  private expiryFor(dueAt: Date): Date {
    const ttlMs = this.config.referralLinkTtlDays * 86_400_000;
    return new Date(Math.max(Date.now(), dueAt.getTime()) + ttlMs);
  }

  async revokeAll(
    manager: EntityManager,
    referralId: string,
    revokedBy: string | null,
  ): Promise<number> {
    const result = await manager
      .getRepository(ReferralResponseLink)
      .update({ referralId, revokedAt: IsNull() }, { revokedAt: new Date(), revokedBy });
    return result.affected ?? 0;
  }

  listForReferral(referralId: string): Promise<ReferralResponseLink[]> {
    return this.links.find({ where: { referralId }, order: { createdAt: 'ASC' } });
  }

  /** The page people open from a message; the token rides in the fragment, out of server logs. */
  urlFor(linkId: string): string {
    return `${this.config.publicBaseUrl}/respond#token=${this.tokenFor(linkId)}`;
  }

  /**
   * Where machines (webhook receivers) read and answer the referral, with the token in the
   * X-Response-Token header: the address itself carries no secret.
   */
  get apiUrl(): string {
    return `${this.config.publicBaseUrl}/api/v1/referral-responses`;
  }

  /** The live link a token names, read without claiming it; "not found" for anything else. */
  async findLive(manager: EntityManager, token: string): Promise<ReferralResponseLink> {
    const verified = this.verified(token);
    const link = await manager.getRepository(ReferralResponseLink).findOneBy({
      id: verified.id,
      revokedAt: IsNull(),
      expiresAt: MoreThan(new Date()),
      // A link signed the old way is honoured only for a row that was signed that way.
      ...(verified.legacy ? { legacySignature: true } : {}),
    });
    if (!link) throw new ReferralLinkInvalidError();
    return link;
  }

  /**
   * The live link a token names, claimed for one use (counted) inside the caller's transaction,
   * or "not found" for anything else.
   */
  async use(manager: EntityManager, token: string): Promise<ReferralResponseLink> {
    const { id: linkId, legacy } = this.verified(token);
    const rows = await modifyReturning<{ id: string }>(
      manager,
      `UPDATE referral_response_links SET use_count = use_count + 1, last_used_at = now()
       WHERE id = $1 AND revoked_at IS NULL AND expires_at > now()
         AND (legacy_signature OR NOT $2::boolean)
       RETURNING id`,
      [linkId, legacy],
    );
    if (rows.length !== 1) throw new ReferralLinkInvalidError();
    return manager.getRepository(ReferralResponseLink).findOneByOrFail({ id: linkId });
  }

  tokenFor(linkId: string): string {
    return this.signedTokens.sign('actionLinks', linkId);
  }

  /** The link id a token names, if its MAC is ours; says nothing about expiry or revocation. */
  verifiedLinkId(token: string): string {
    return this.verified(token).id;
  }

  private verified(token: string): VerifiedToken {
    const verified = this.signedTokens.verify('actionLinks', token);
    if (!verified) throw new ReferralLinkInvalidError();
    return verified;
  }
}
