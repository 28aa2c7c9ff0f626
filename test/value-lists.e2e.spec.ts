import { Client } from 'pg';
import {
  CasePriority,
  CaseSource,
  CaseStatus,
  ExploitationType,
  IncidentType,
  MethodOfControl,
  RecruitmentMethod,
  RecruitmentPlatform,
} from '../src/modules/cases/case.enums';
import { FamilyNeed, FamilyRelation } from '../src/modules/families/family.enums';
import {
  PerpetratorRole,
  PerpetratorStatus,
  RelationshipToVictim,
} from '../src/modules/perpetrators/perpetrator.enums';
import {
  ReferralConsent,
  ReferralOutcome,
  ReferralPriority,
  ReferralResponseAction,
  ReferralService,
  ReferralStatus,
  SharedField,
} from '../src/modules/referrals/referral.enums';
import {
  CurrentSituation,
  Gender,
  MigrationChannel,
  RemainsStatus,
  TraffickingStatus,
  TraffickingStatusDecidedBy,
} from '../src/modules/victims/victim.enums';
import { cloneTemplateDatabase, dropDatabase } from './support/test-app';
import { databaseUrl } from './support/test-env';

/** Each list the schema keeps in a domain, with the enum the API validates against. */
const LISTS: Record<string, { values: string[]; columns: string[] }> = {
  case_priority: {
    values: [
      ...new Set<string>([...Object.values(CasePriority), ...Object.values(ReferralPriority)]),
    ],
    columns: ['cases.priority', 'cases.suggested_priority', 'referrals.priority'],
  },
  case_status: { values: Object.values(CaseStatus), columns: ['cases.status'] },
  case_incident_type: { values: Object.values(IncidentType), columns: ['cases.incident_type'] },
  case_source: { values: Object.values(CaseSource), columns: ['cases.source'] },
  exploitation_type_list: {
    values: Object.values(ExploitationType),
    columns: ['cases.exploitation_types'],
  },
  control_method_list: {
    values: Object.values(MethodOfControl),
    columns: ['cases.methods_of_control'],
  },
  recruitment_method_list: {
    values: Object.values(RecruitmentMethod),
    columns: ['cases.recruitment_methods'],
  },
  recruitment_platform_list: {
    values: Object.values(RecruitmentPlatform),
    columns: ['cases.recruitment_platforms'],
  },
  victim_situation: {
    values: Object.values(CurrentSituation),
    columns: ['victims.current_situation'],
  },
  victim_gender: { values: Object.values(Gender), columns: ['victims.gender'] },
  migration_channel: {
    values: Object.values(MigrationChannel),
    columns: ['victims.migration_channel'],
  },
  remains_status: { values: Object.values(RemainsStatus), columns: ['victims.remains_status'] },
  trafficking_status: {
    values: Object.values(TraffickingStatus),
    columns: ['victims.trafficking_status'],
  },
  trafficking_status_decider: {
    values: Object.values(TraffickingStatusDecidedBy),
    columns: ['victims.trafficking_status_decided_by'],
  },
  family_relation: { values: Object.values(FamilyRelation), columns: ['family_members.relation'] },
  family_need_list: { values: Object.values(FamilyNeed), columns: ['family_members.needs'] },
  perpetrator_role_list: {
    values: Object.values(PerpetratorRole),
    columns: ['perpetrators.roles'],
  },
  perpetrator_status: {
    values: Object.values(PerpetratorStatus),
    columns: ['perpetrators.status'],
  },
  perpetrator_relationship: {
    values: Object.values(RelationshipToVictim),
    columns: ['case_perpetrators.relationship_to_victims'],
  },
  referral_status: { values: Object.values(ReferralStatus), columns: ['referrals.status'] },
  referral_service: { values: Object.values(ReferralService), columns: ['referrals.service'] },
  referral_consent: { values: Object.values(ReferralConsent), columns: ['referrals.consent'] },
  referral_shared_field_list: {
    values: Object.values(SharedField),
    columns: ['referrals.shared_fields'],
  },
  referral_outcome: {
    values: Object.values(ReferralOutcome),
    columns: ['referrals.outcome', 'referral_responses.outcome'],
  },
  referral_response_action: {
    values: Object.values(ReferralResponseAction),
    columns: ['referral_responses.action'],
  },
  referral_response_via: { values: ['account', 'link'], columns: ['referral_responses.via'] },
};

describe('lists of codes kept in domains', () => {
  let name: string;
  let client: Client;

  beforeAll(async () => {
    name = await cloneTemplateDatabase();
    client = new Client({ connectionString: databaseUrl(name) });
    await client.connect();
  });

  afterAll(async () => {
    await client.end();
    await dropDatabase(name);
  });

  it('types each column with its domain, and no other column of those tables with a domain', async () => {
    const tables = [
      ...new Set(Object.values(LISTS).flatMap((list) => list.columns.map((c) => c.split('.')[0]))),
    ];
    const { rows } = await client.query<{ column: string; domain: string }>(
      `SELECT table_name || '.' || column_name AS column, domain_name AS domain
       FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name = ANY($1) AND domain_name IS NOT NULL
       ORDER BY 1`,
      [tables],
    );
    const expected = Object.entries(LISTS)
      .flatMap(([domain, list]) => list.columns.map((column) => ({ column, domain })))
      .sort((a, b) => a.column.localeCompare(b.column));
    expect(rows).toEqual(expected);
  });

  it.each(Object.entries(LISTS))(
    '%s takes every code the API accepts, and refuses any other',
    async (domain, list) => {
      const { rows } = await client.query<{ array: boolean }>(
        `SELECT t.typcategory = 'A' AS array FROM pg_type t WHERE t.typname = $1 AND t.typtype = 'd'`,
        [domain],
      );
      expect(rows).toHaveLength(1);
      const cast = (value: string) =>
        client.query(`SELECT $1::${domain}`, [rows[0].array ? `{${value}}` : value]);
      for (const value of list.values) await expect(cast(value)).resolves.toBeDefined();
      if (rows[0].array) await expect(cast(list.values.join(','))).resolves.toBeDefined();
      await expect(cast('not_a_code')).rejects.toMatchObject({ code: '23514' });
      await expect(cast(list.values[0].toUpperCase() + '_')).rejects.toMatchObject({
        code: '23514',
      });
    },
  );
});
