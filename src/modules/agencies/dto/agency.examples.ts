import { bodyExamples } from '../../../common/openapi/api-route.decorator';
import { CreateAgencyDto } from './create-agency.dto';

export const CREATE_AGENCY_EXAMPLES = bodyExamples(CreateAgencyDto, {
  regencyOffice: {
    summary: 'The regency manpower office that logs the case',
    value: {
      name: 'Dinas Tenaga Kerja dan Transmigrasi Kabupaten Lampung Selatan',
      shortName: 'Disnakertrans Lampung Selatan',
      type: 'disnakertrans',
      level: 'regency',
      regionCode: '18.01',
      contactEmails: ['pengaduan@disnakertrans.lampungselatankab.go.id'],
      escalationContactName: 'Kepala Bidang Penempatan',
      escalationContactEmail: 'kabid.penempatan@disnakertrans.lampungselatankab.go.id',
      timeZone: 'Asia/Jakarta',
      casePrefix: 'LPS',
    },
  },
  embassy: {
    summary: 'An embassy abroad, answering in English, reached by webhook too',
    value: {
      name: 'Kedutaan Besar Republik Indonesia Phnom Penh',
      shortName: 'KBRI Phnom Penh',
      type: 'embassy_consulate',
      level: 'abroad',
      countryCode: 'KH',
      contactEmails: ['konsuler@kbriphnompenh.example.go.id'],
      webhookUrl: 'https://kasus.kbriphnompenh.example.go.id/jejak-webhook',
      timeZone: 'Asia/Phnom_Penh',
      preferredLanguage: 'en',
    },
  },
});
