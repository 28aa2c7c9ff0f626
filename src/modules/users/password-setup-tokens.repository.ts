import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { PasswordSetupPurpose, PasswordSetupToken } from './password-setup-token.entity';

@Injectable()
export class PasswordSetupTokensRepository {
  constructor(
    @InjectRepository(PasswordSetupToken) private readonly tokens: Repository<PasswordSetupToken>,
  ) {}

  private repo(manager?: EntityManager): Repository<PasswordSetupToken> {
    return manager ? manager.getRepository(PasswordSetupToken) : this.tokens;
  }

  findById(id: string, manager?: EntityManager): Promise<PasswordSetupToken | null> {
    return this.repo(manager).findOneBy({ id });
  }

  create(
    data: {
      userId: string;
      purpose: PasswordSetupPurpose;
      expiresAt: Date;
      createdBy: string | null;
    },
    manager?: EntityManager,
  ): Promise<PasswordSetupToken> {
    const repository = this.repo(manager);
    return repository.save(repository.create(data));
  }

  /** Earlier links stop working when a new one is issued or the password is set. */
  async revokeOpenForUser(userId: string, manager?: EntityManager): Promise<void> {
    await this.repo(manager).query(
      `UPDATE password_setup_tokens SET revoked_at = now()
       WHERE user_id = $1 AND used_at IS NULL AND revoked_at IS NULL`,
      [userId],
    );
  }

  /** Claims the token for one use; false if it was used, revoked or expired meanwhile. */
  async consume(id: string, manager: EntityManager): Promise<boolean> {
    const rows = await manager.query<[unknown[], number]>(
      `UPDATE password_setup_tokens SET used_at = now()
       WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
       RETURNING id`,
      [id],
    );
    return rows[1] === 1;
  }

  async markEmailed(id: string): Promise<void> {
    await this.tokens.query(
      'UPDATE password_setup_tokens SET emailed_at = now() WHERE id = $1 AND emailed_at IS NULL',
      [id],
    );
  }

  async markEmailFailed(id: string, error: string): Promise<void> {
    await this.tokens.query(
      'UPDATE password_setup_tokens SET email_failed_at = now(), email_error = $2 WHERE id = $1',
      [id, error],
    );
  }

  /** Links still owed an email, oldest first; `olderThanMs` leaves just-created ones to their own job. */
  async findUnsentIds(olderThanMs: number, limit: number): Promise<string[]> {
    const rows = await this.tokens.query<Array<{ id: string }>>(
      `SELECT token.id FROM password_setup_tokens token
       JOIN users ON users.id = token.user_id AND users.disabled_at IS NULL
       WHERE token.emailed_at IS NULL AND token.email_failed_at IS NULL
         AND token.used_at IS NULL AND token.revoked_at IS NULL
         AND token.expires_at > now() AND token.created_at < now() - make_interval(secs => $1)
       ORDER BY token.created_at LIMIT $2`,
      [olderThanMs / 1000, limit],
    );
    return rows.map((row) => row.id);
  }
}
