import { bodyExamples } from '../../../common/openapi/api-route.decorator';
import { CreateReferralDto, ReferralResponseDto } from './referral-input.dto';

/** Referrals of the Ahmad Jayani case (shared/DOMAIN.md); the ids are those of your own records. */
export const CREATE_REFERRAL_EXAMPLES = bodyExamples(CreateReferralDto, {
  repatriationOfRemains: {
    summary: 'Repatriation of remains by the embassy, sent at once',
    value: {
      agencyId: '7b0e4f52-3c0a-4d47-9a55-0f3e8e2c1a11',
      service: 'repatriation_remains',
      reason: 'PMI asal Lampung Selatan meninggal di Kamboja pada 11 Mei 2024',
      request: 'Mohon bantuan pemulangan jenazah dan dokumen kematian ke keluarga di Kalianda',
      victimIds: ['3f6c2d7e-8b1a-4c5d-9e0f-1a2b3c4d5e6f'],
      familyMemberIds: ['9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'],
      consent: 'family',
      consentRecordedAt: '2024-05-14T10:00:00+07:00',
      sharedFields: ['full_name', 'passport', 'death_details', 'family_contacts'],
      send: true,
    },
  },
  welfareDraft: {
    summary: 'Welfare support for the family, kept as a draft',
    value: {
      agencyId: '2c1d0e9f-8a7b-4c6d-9e5f-4a3b2c1d0e9f',
      service: 'economic_support',
      reason: 'Keluarga kehilangan pencari nafkah; ibu korban (60) tinggal di Desa Taman Agung',
      request: 'Asesmen dan bantuan kesejahteraan untuk keluarga',
      familyMemberIds: ['9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'],
      consent: 'family',
      sharedFields: ['full_name', 'family_contacts'],
    },
  },
});

export const REFERRAL_RESPONSE_EXAMPLES = bodyExamples(ReferralResponseDto, {
  acknowledge: {
    summary: 'Acknowledge, with a note',
    value: { action: 'acknowledge', note: 'Diterima; petugas konsuler menghubungi keluarga besok' },
  },
  progress: {
    summary: 'Report progress',
    value: { action: 'progress', note: 'Dokumen kematian dari otoritas Kamboja sudah diterima' },
  },
  decline: {
    summary: 'Decline, with a reason',
    value: {
      action: 'decline',
      reason: 'Di luar wilayah kerja kami; mohon rujuk ke BP3MI Lampung',
    },
  },
  complete: {
    summary: 'Complete, with an outcome',
    value: {
      action: 'complete',
      outcome: 'achieved',
      outcomeNotes: 'Jenazah tiba di Bandara Radin Inten II dan diserahkan kepada keluarga',
    },
  },
});
