import { bodyExamples } from '../../../common/openapi/api-route.decorator';
import { CaseTransitionDto } from './case-actions.dto';
import { CreateCaseDto } from './create-case.dto';

/**
 * The Ahmad Jayani case (shared/DOMAIN.md) as a caseworker of Disnakertrans Lampung Selatan logs
 * it: a death abroad, his mother Janah as the family's primary contact, his late father Mulhat,
 * and Hani of Lampung Timur as the suspected recruiter. NIK and phone numbers are fictional.
 */
export const CREATE_CASE_EXAMPLES = bodyExamples(CreateCaseDto, {
  deathAbroad: {
    summary: 'Death abroad in an online scam compound, with family and recruiter',
    value: {
      title: 'Kematian PMI non-prosedural di Kamboja (Ahmad Jayani)',
      summary: 'Dilaporkan keluarga: bekerja sebagai scammer di Kamboja, meninggal 11 Mei 2024.',
      incidentType: 'death_abroad',
      exploitationTypes: ['ForcedCriminality', 'OnlineScam'],
      methodsOfControl: ['FalsePromises', 'WithholdsDocuments'],
      recruitmentMethods: ['ThroughInformalBroker'],
      exploitationCountry: 'KH',
      incidentDate: '2024-05-11',
      reportedDate: '2024-05-14',
      source: 'family',
      tags: ['tppo', 'kamboja'],
      victims: [
        {
          fullName: 'Ahmad Jayani',
          gender: 'Masculine',
          estimatedAge: 36,
          nik: '1801061203880003',
          phone: '0812 3456 7890',
          originStreet: 'Dusun Cinta Sari RT 002 RW 001',
          originRegionCode: '18.01.06.2027',
          migrationChannel: 'non_procedural',
          occupationAbroad: 'online scam operator (forced)',
          currentSituation: 'deceased',
          deathDate: '2024-05-11',
          deathCountry: 'KH',
          deathCause: 'unknown, as reported by the family',
          remainsStatus: 'awaiting_repatriation',
          traffickingStatus: 'PossibleVictimOfTrafficking',
          familyMembers: [
            {
              fullName: 'Janah',
              relation: 'mother',
              age: 60,
              primaryContact: true,
              consentToContact: true,
              phone: '081298765432',
              regionCode: '18.01.06.2027',
              needs: ['remains_repatriation', 'death_benefit_or_insurance'],
            },
            { fullName: 'Mulhat', relation: 'father', alive: false },
          ],
        },
      ],
      perpetrators: [
        {
          perpetrator: {
            fullName: 'Hani',
            roles: ['RecruiterOrIntermediary'],
            homeRegionCode: '18.07',
            phones: ['+62 811 7000 1234'],
          },
          relationshipToVictims: 'Acquainted',
          roleInCase: 'offered the work in Cambodia',
        },
      ],
    },
  },
});

export const CASE_TRANSITION_EXAMPLES = bodyExamples(CaseTransitionDto, {
  open: {
    summary: 'Intake checked: the case is opened',
    value: { to: 'open', reason: 'Identitas dan kronologi dikonfirmasi keluarga', version: 1 },
  },
  requestClosure: {
    summary: 'Assistance done: ask the supervisor to close',
    value: {
      to: 'closure_requested',
      reason: 'Jenazah telah dipulangkan dan santunan BPJS diterima keluarga',
      version: 7,
    },
  },
});
