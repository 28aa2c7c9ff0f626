import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { Agency } from '../agencies/agency.entity';
import { AgencyLevel, AgencyType, MessageLanguage } from '../agencies/agency.enums';
import { AuditService } from '../audit/audit.service';
import { PasswordHasher } from '../auth/password-hasher';
import { StartupNotices } from '../../common/startup-notices';
import { PasswordSetupPurpose } from './password-setup-token.entity';
import { PasswordSetupService } from './password-setup.service';
import { UserRole } from './user-role';
import { UsersRepository } from './users.repository';

const EMBEDDED_ADMIN_EMAIL = 'admin@jejak.local';
const ADMIN_AGENCY_SHORT_NAME = 'Admin Jejak';
// Serialises first-admin creation between an API and a worker process starting together.
const FIRST_ADMIN_LOCK = 7_340_001;

/** Creates the first administrator when the database has no user at all. */
@Injectable()
export class FirstAdminInitializer implements OnApplicationBootstrap {
  private readonly logger = new Logger(FirstAdminInitializer.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly passwordSetup: PasswordSetupService,
    private readonly notices: StartupNotices,
    private readonly audit: AuditService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role === 'worker' || (await this.users.exists())) return;
    const email =
      this.config.firstAdmin.email ??
      (this.config.database.embedded ? EMBEDDED_ADMIN_EMAIL : undefined);
    if (!email) {
      this.logger.warn(
        'The database has no user: set ADMIN_EMAIL (and ADMIN_PASSWORD) and restart to create the first admin',
      );
      return;
    }
    const generatedPassword =
      this.config.firstAdmin.password === undefined && this.config.database.embedded
        ? randomBytes(12).toString('base64url')
        : undefined;
    const password = this.config.firstAdmin.password ?? generatedPassword;
    const passwordHash = password === undefined ? undefined : await this.hasher.hash(password);

    const created = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [FIRST_ADMIN_LOCK]);
      if (await this.users.exists(manager)) return undefined;
      const agencies = manager.getRepository(Agency);
      const agency =
        (await agencies.findOneBy({ shortName: ADMIN_AGENCY_SHORT_NAME })) ??
        (await agencies.save(
          agencies.create({
            name: 'Administrator Sistem Jejak',
            shortName: ADMIN_AGENCY_SHORT_NAME,
            type: AgencyType.Other,
            level: AgencyLevel.National,
            regionCode: null,
            countryCode: null,
            contactEmails: [],
            timeZone: 'Asia/Jakarta',
            preferredLanguage: MessageLanguage.Indonesian,
            active: true,
          }),
        ));
      const user = await this.users.create(
        {
          email,
          fullName: 'Administrator',
          role: UserRole.Admin,
          agencyId: agency.id,
          passwordHash,
        },
        manager,
      );
      const tokenId = passwordHash
        ? undefined
        : await this.passwordSetup.issue(user.id, PasswordSetupPurpose.Invitation, null, manager);
      await this.audit.record(manager, null, {
        action: 'user.created',
        entityType: 'user',
        entityId: user.id,
        agencyId: agency.id,
        changes: {
          role: { from: null, to: UserRole.Admin },
          firstAdmin: true,
          password: passwordHash ? 'set at start-up' : 'link emailed',
        },
      });
      return { tokenId };
    });
    if (!created) return;

    if (created.tokenId) {
      await this.passwordSetup.requestEmail(created.tokenId);
      this.notices.add(
        `First admin ${email} created; a link to choose the password was sent to that address.`,
      );
    } else if (generatedPassword) {
      this.notices.printNow(
        `First admin created. Sign in with ${email} / ${generatedPassword} (shown only this once).`,
      );
    } else {
      this.notices.add(`First admin ${email} created with ADMIN_PASSWORD.`);
    }
  }
}
