import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The columns that hold one of a list of codes (a case's status, a victim's situation, a
 * referral's service...) get their list from a domain instead of a CHECK on the table.
 *
 * PostgreSQL reads a table's CHECK constraints back from their stored text and plans them again
 * for every statement that writes a row: for `cases` alone, 23 KB of stored expressions (each code
 * of each list a constant spelled byte by byte), some 100 µs per INSERT, a tenth of what a whole
 * case create costs the database (measured: 20,000 single-row INSERTs into a copy of `cases` took
 * 2.4 s with its checks, 0.5 s with the same rules as domains, 0.28 s with none). A domain's rule
 * is read once per connection and kept. The rules themselves do not change.
 *
 * Only the tables a caseworker's or a partner's everyday writes touch; lists elsewhere keep their
 * CHECK (and `notifications.kind`, whose list the notification registry reads at boot).
 */
interface ValueList {
  domain: string;
  /** A set of codes (text[]) rather than one code. */
  array: boolean;
  values: string[];
  columns: Array<{ table: string; column: string; constraint: string }>;
}

const PRIORITIES = ['critical', 'high', 'normal', 'low'];
const OUTCOMES = ['achieved', 'partially_achieved', 'not_achieved'];

const VALUE_LISTS: ValueList[] = [
  {
    domain: 'case_priority',
    array: false,
    values: PRIORITIES,
    columns: [
      { table: 'cases', column: 'priority', constraint: 'cases_priority_check' },
      {
        table: 'cases',
        column: 'suggested_priority',
        constraint: 'cases_suggested_priority_check',
      },
      { table: 'referrals', column: 'priority', constraint: 'referrals_priority_check' },
    ],
  },
  {
    domain: 'case_status',
    array: false,
    values: [
      'intake',
      'open',
      'in_assistance',
      'closure_requested',
      'closed',
      'reopened',
      'closed_duplicate',
      'closed_unfounded',
    ],
    columns: [{ table: 'cases', column: 'status', constraint: 'cases_status_check' }],
  },
  {
    domain: 'case_incident_type',
    array: false,
    values: [
      'trafficking',
      'death_abroad',
      'non_procedural_placement',
      'unpaid_wages',
      'abuse_or_violence',
      'detention_abroad',
      'stranded_or_missing',
      'other',
    ],
    columns: [{ table: 'cases', column: 'incident_type', constraint: 'cases_incident_type_check' }],
  },
  {
    domain: 'case_source',
    array: false,
    values: [
      'family',
      'village_head',
      'media',
      'hotline',
      'embassy_report',
      'police',
      'other_agency',
      'self_report',
      'other',
    ],
    columns: [{ table: 'cases', column: 'source', constraint: 'cases_source_check' }],
  },
  {
    domain: 'exploitation_type_list',
    array: true,
    values: [
      'ForcedLabour',
      'SexualExploitation',
      'ChildLabour',
      'ForcedMarriage',
      'Servitude',
      'ForcedMilitaryByNonStateActors',
      'OrganRemoval',
      'ForcedBegging',
      'ForcedAdoption',
      'Surrogacy',
      'ForcedCriminality',
      'OnlineScam',
      'Other',
    ],
    columns: [
      {
        table: 'cases',
        column: 'exploitation_types',
        constraint: 'cases_exploitation_types_check',
      },
    ],
  },
  {
    domain: 'control_method_list',
    array: true,
    values: [
      'PhysicalThreats',
      'ThreatsLawEnforcement',
      'ThreatensChildrenFamily',
      'DebtBondage',
      'FalsePromises',
      'PhysicalAbuse',
      'SexualAbuse',
      'TakesEarnings',
      'RestrictsFinancialAccess',
      'RestrictsMedicalCare',
      'WithholdsNecessities',
      'PsychologicalAbuse',
      'PsychoactiveSubstance',
      'ExcessiveWorkingHours',
      'WithholdsDocuments',
      'Other',
    ],
    columns: [
      {
        table: 'cases',
        column: 'methods_of_control',
        constraint: 'cases_methods_of_control_check',
      },
    ],
  },
  {
    domain: 'recruitment_method_list',
    array: true,
    values: [
      'AtAPlaceOfBusiness',
      'AtAnEducationalInstitution',
      'AtWork',
      'ThroughOnlineSocialNetworks',
      'ThroughAnOnlineAdvertisement',
      'ThroughATelevisionAdvert',
      'ThroughANewspaperAdvert',
      'ThroughFamilyOrFamilyEvents',
      'ThroughFriendsOrSocialEvents',
      'ThroughInformalBroker',
      'ThroughLicensedPlacementCompany',
      'Other',
    ],
    columns: [
      {
        table: 'cases',
        column: 'recruitment_methods',
        constraint: 'cases_recruitment_methods_check',
      },
    ],
  },
  {
    domain: 'recruitment_platform_list',
    array: true,
    values: [
      'Facebook',
      'Instagram',
      'WhatsApp',
      'Telegram',
      'FacebookMessenger',
      'Viber',
      'SnapChat',
      'Line',
      '4Sale',
      'WeChat',
      'QQ',
      'QZone',
      'TikTok',
      'Twitter',
      'Other',
    ],
    columns: [
      {
        table: 'cases',
        column: 'recruitment_platforms',
        constraint: 'cases_recruitment_platforms_check',
      },
    ],
  },
  {
    domain: 'victim_situation',
    array: false,
    values: ['abroad', 'detained', 'missing', 'hospitalised', 'deceased', 'repatriated', 'home'],
    columns: [
      {
        table: 'victims',
        column: 'current_situation',
        constraint: 'victims_current_situation_check',
      },
    ],
  },
  {
    domain: 'victim_gender',
    array: false,
    values: [
      'Feminine',
      'Masculine',
      'TransgenderFeminine',
      'TransgenderMasculine',
      'NonConforming',
      'NonSpecifiedUnknown',
    ],
    columns: [{ table: 'victims', column: 'gender', constraint: 'victims_gender_check' }],
  },
  {
    domain: 'migration_channel',
    array: false,
    values: ['procedural', 'non_procedural', 'unknown'],
    columns: [
      {
        table: 'victims',
        column: 'migration_channel',
        constraint: 'victims_migration_channel_check',
      },
    ],
  },
  {
    domain: 'remains_status',
    array: false,
    values: ['awaiting_repatriation', 'repatriated', 'buried_abroad'],
    columns: [
      { table: 'victims', column: 'remains_status', constraint: 'victims_remains_status_check' },
    ],
  },
  {
    domain: 'trafficking_status',
    array: false,
    values: ['PossibleVictimOfTrafficking', 'ActualVictimOfTrafficking', 'NotAVictimOfTrafficking'],
    columns: [
      {
        table: 'victims',
        column: 'trafficking_status',
        constraint: 'victims_trafficking_status_check',
      },
    ],
  },
  {
    domain: 'trafficking_status_decider',
    array: false,
    values: ['Police', 'NGO', 'CourtOrProsecution', 'NonPoliceGovernmentalOrganization', 'Other'],
    columns: [
      {
        table: 'victims',
        column: 'trafficking_status_decided_by',
        constraint: 'victims_trafficking_status_decided_by_check',
      },
    ],
  },
  {
    domain: 'family_relation',
    array: false,
    values: ['mother', 'father', 'spouse', 'child', 'sibling', 'guardian', 'other'],
    columns: [
      { table: 'family_members', column: 'relation', constraint: 'family_members_relation_check' },
    ],
  },
  {
    domain: 'family_need_list',
    array: true,
    values: [
      'case_information',
      'remains_repatriation',
      'death_benefit_or_insurance',
      'compensation_restitution',
      'psychosocial_support',
      'economic_support',
    ],
    columns: [
      { table: 'family_members', column: 'needs', constraint: 'family_members_needs_check' },
    ],
  },
  {
    domain: 'perpetrator_role_list',
    array: true,
    values: [
      'TravellingPartner',
      'Transporter',
      'RecruiterOrIntermediary',
      'BrokerTravelAgent',
      'TransferredIndividual',
      'HarbouredIndividual',
      'SoldIndividual',
      'BoughtIndividual',
      'ReceivedIndividual',
      'ControlledIndividual',
      'Smuggler',
      'Abuser',
      'Kidnapper',
      'Exploiter',
      'Other',
    ],
    columns: [{ table: 'perpetrators', column: 'roles', constraint: 'perpetrators_roles_check' }],
  },
  {
    domain: 'perpetrator_status',
    array: false,
    values: ['suspected', 'reported_to_police', 'named_suspect', 'charged', 'convicted'],
    columns: [{ table: 'perpetrators', column: 'status', constraint: 'perpetrators_status_check' }],
  },
  {
    domain: 'perpetrator_relationship',
    array: false,
    values: ['Familial', 'Acquainted', 'Unaquainted'],
    columns: [
      {
        table: 'case_perpetrators',
        column: 'relationship_to_victims',
        constraint: 'case_perpetrators_relationship_to_victims_check',
      },
    ],
  },
  {
    domain: 'referral_status',
    array: false,
    values: ['draft', 'sent', 'acknowledged', 'in_progress', 'completed', 'declined', 'cancelled'],
    columns: [{ table: 'referrals', column: 'status', constraint: 'referrals_status_check' }],
  },
  {
    domain: 'referral_service',
    array: false,
    values: [
      'repatriation_living',
      'repatriation_remains',
      'rescue_consular',
      'police_investigation',
      'legal_aid',
      'restitution_claim',
      'insurance_benefit_claim',
      'medical_care',
      'psychosocial_support',
      'shelter',
      'family_tracing',
      'identity_documents',
      'skills_training',
      'economic_support',
      'other',
    ],
    columns: [{ table: 'referrals', column: 'service', constraint: 'referrals_service_check' }],
  },
  {
    domain: 'referral_consent',
    array: false,
    values: ['victim', 'family', 'guardian', 'not_obtained'],
    columns: [{ table: 'referrals', column: 'consent', constraint: 'referrals_consent_check' }],
  },
  {
    domain: 'referral_shared_field_list',
    array: true,
    values: [
      'full_name',
      'sex',
      'age',
      'date_of_birth',
      'nik',
      'passport',
      'phone',
      'origin_address',
      'current_situation',
      'death_details',
      'family_contacts',
    ],
    columns: [
      { table: 'referrals', column: 'shared_fields', constraint: 'referrals_shared_fields_check' },
    ],
  },
  {
    domain: 'referral_outcome',
    array: false,
    values: OUTCOMES,
    columns: [
      { table: 'referrals', column: 'outcome', constraint: 'referrals_outcome_check' },
      {
        table: 'referral_responses',
        column: 'outcome',
        constraint: 'referral_responses_outcome_check',
      },
    ],
  },
  {
    domain: 'referral_response_action',
    array: false,
    values: ['acknowledge', 'decline', 'progress', 'complete'],
    columns: [
      {
        table: 'referral_responses',
        column: 'action',
        constraint: 'referral_responses_action_check',
      },
    ],
  },
  {
    domain: 'referral_response_via',
    array: false,
    values: ['account', 'link'],
    columns: [
      { table: 'referral_responses', column: 'via', constraint: 'referral_responses_via_check' },
    ],
  },
];

const listLiteral = (values: string[]) =>
  `ARRAY[${values.map((value) => `'${value}'`).join(', ')}]::text[]`;

/** The rule, on `subject`: VALUE in a domain, the column in a table's CHECK. */
const ruleOf = (list: ValueList, subject: string) =>
  list.array
    ? `${subject} <@ ${listLiteral(list.values)}`
    : `${subject} = ANY (${listLiteral(list.values)})`;

/** Every column's change, grouped by table: one ALTER TABLE, one validating scan, per table. */
function byTable(change: (list: ValueList, column: ValueList['columns'][number]) => string[]) {
  const clauses = new Map<string, string[]>();
  for (const list of VALUE_LISTS)
    for (const column of list.columns)
      clauses.set(column.table, [...(clauses.get(column.table) ?? []), ...change(list, column)]);
  return [...clauses].map(([table, parts]) => `ALTER TABLE ${table} ${parts.join(', ')}`);
}

export class ValueListDomains1765000001000 implements MigrationInterface {
  name = 'ValueListDomains1765000001000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const list of VALUE_LISTS)
      await queryRunner.query(
        `CREATE DOMAIN ${list.domain} AS ${list.array ? 'text[]' : 'text'}
           CONSTRAINT ${list.domain}_check CHECK (${ruleOf(list, 'VALUE')})`,
      );
    for (const statement of byTable((list, { column, constraint }) => [
      `DROP CONSTRAINT ${constraint}`,
      `ALTER COLUMN ${column} TYPE ${list.domain}`,
    ]))
      await queryRunner.query(statement);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of byTable((list, { column, constraint }) => [
      `ALTER COLUMN ${column} TYPE ${list.array ? 'text[]' : 'text'}`,
      `ADD CONSTRAINT ${constraint} CHECK (${ruleOf(list, column)})`,
    ]))
      await queryRunner.query(statement);
    for (const list of VALUE_LISTS) await queryRunner.query(`DROP DOMAIN ${list.domain}`);
  }
}
