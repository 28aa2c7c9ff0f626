import { AgencyLevel, AgencyType } from '../modules/agencies/agency.enums';
import { ReferralService } from '../modules/referrals/referral.enums';

/**
 * What the scale seed draws from: agencies, where victims come from and where they were
 * exploited, and the names it makes up. Every person is synthetic; places and country codes are
 * real (Kemendagri region codes, ISO 3166), so that queues filter and group as they would in use.
 */

export interface ScaleAgency {
  name: string;
  shortName: string;
  /** Letters only (the API's case numbers are `PREFIX-YYYY-NNNNNN`), unique in this list. */
  casePrefix: string;
  type: AgencyType;
  level: AgencyLevel;
  regionCode: string | null;
  countryCode: string | null;
  timeZone: string;
  /** Relative share of the cases this agency records; 0 for agencies that only receive referrals. */
  caseWeight: number;
}

const JAKARTA = 'Asia/Jakarta';
const MAKASSAR = 'Asia/Makassar';

function home(
  name: string,
  shortName: string,
  casePrefix: string,
  type: AgencyType,
  regionCode: string | null,
  caseWeight: number,
  timeZone = JAKARTA,
): ScaleAgency {
  const level =
    regionCode === null
      ? AgencyLevel.National
      : regionCode.includes('.')
        ? AgencyLevel.Regency
        : AgencyLevel.Province;
  return {
    name,
    shortName,
    casePrefix,
    type,
    level,
    regionCode,
    countryCode: null,
    timeZone,
    caseWeight,
  };
}

function abroad(
  name: string,
  shortName: string,
  casePrefix: string,
  countryCode: string,
  timeZone: string,
  caseWeight: number,
): ScaleAgency {
  return {
    name,
    shortName,
    casePrefix,
    type: AgencyType.EmbassyConsulate,
    level: AgencyLevel.Abroad,
    regionCode: null,
    countryCode,
    timeZone,
    caseWeight,
  };
}

const { Bp2mi, Bp3mi, Disnakertrans, Police, Immigration, SocialAffairs } = AgencyType;
const { WomenChildProtection, LegalAid, InsuranceBenefits, Ngo, Other } = AgencyType;

/**
 * Forty agencies where most cases start (the provinces that send most migrant workers), the
 * national bodies, and the missions in the main destination countries. Short names that the demo
 * seed also uses (BP2MI, BP3MI Lampung, Polda Lampung, LBH Bandar Lampung, KBRI Phnom Penh) are
 * the same agencies: the scale seed adds cases to them rather than a second agency of that name.
 */
// prettier-ignore
export const SCALE_AGENCIES: ScaleAgency[] = [
  home('Balai Pelayanan Pelindungan Pekerja Migran Indonesia Lampung', 'BP3MI Lampung', 'BPL', Bp3mi, '18', 6),
  home('Dinas Tenaga Kerja dan Transmigrasi Kabupaten Lampung Timur', 'Disnakertrans Lampung Timur', 'LTM', Disnakertrans, '18.07', 3),
  home('Kepolisian Daerah Lampung (Ditreskrimum)', 'Polda Lampung', 'PDLP', Police, '18', 0),
  home('Lembaga Bantuan Hukum Bandar Lampung', 'LBH Bandar Lampung', 'LBHBL', LegalAid, '18.71', 1),
  home('Balai Pelayanan Pelindungan Pekerja Migran Indonesia Jawa Barat', 'BP3MI Jawa Barat', 'BPJB', Bp3mi, '32', 6),
  home('Dinas Tenaga Kerja dan Transmigrasi Kabupaten Indramayu', 'Disnakertrans Indramayu', 'IDM', Disnakertrans, '32.12', 4),
  home('Dinas Tenaga Kerja Kabupaten Cirebon', 'Disnaker Cirebon', 'CRB', Disnakertrans, '32.09', 3),
  home('Dinas Tenaga Kerja dan Transmigrasi Kabupaten Cianjur', 'Disnakertrans Cianjur', 'CJR', Disnakertrans, '32.03', 2),
  home('Kepolisian Daerah Jawa Barat (Ditreskrimum)', 'Polda Jawa Barat', 'PDJB', Police, '32', 0),
  home('Balai Pelayanan Pelindungan Pekerja Migran Indonesia Jawa Tengah', 'BP3MI Jawa Tengah', 'BPJT', Bp3mi, '33', 6),
  home('Dinas Tenaga Kerja dan Transmigrasi Kabupaten Cilacap', 'Disnakertrans Cilacap', 'CLP', Disnakertrans, '33.01', 3),
  home('Balai Pelayanan Pelindungan Pekerja Migran Indonesia Jawa Timur', 'BP3MI Jawa Timur', 'BPJI', Bp3mi, '35', 6),
  home('Dinas Tenaga Kerja Kabupaten Malang', 'Disnaker Malang', 'MLG', Disnakertrans, '35.07', 3),
  home('Dinas Tenaga Kerja Kabupaten Blitar', 'Disnaker Blitar', 'BLT', Disnakertrans, '35.05', 3),
  home('Kepolisian Daerah Jawa Timur (Ditreskrimum)', 'Polda Jawa Timur', 'PDJI', Police, '35', 0),
  home('Dinas Pemberdayaan Perempuan, Perlindungan Anak dan Kependudukan Provinsi Jawa Timur', 'DP3AK Jawa Timur', 'DPAJI', WomenChildProtection, '35', 1),
  home('Balai Pelayanan Pelindungan Pekerja Migran Indonesia Nusa Tenggara Barat', 'BP3MI NTB', 'BPNB', Bp3mi, '52', 6, MAKASSAR),
  home('Dinas Tenaga Kerja dan Transmigrasi Kabupaten Lombok Timur', 'Disnakertrans Lombok Timur', 'LTIM', Disnakertrans, '52.03', 4, MAKASSAR),
  home('Dinas Tenaga Kerja dan Transmigrasi Kabupaten Lombok Tengah', 'Disnakertrans Lombok Tengah', 'LTENG', Disnakertrans, '52.02', 3, MAKASSAR),
  home('Kepolisian Daerah Nusa Tenggara Barat (Ditreskrimum)', 'Polda NTB', 'PDNB', Police, '52', 0, MAKASSAR),
  home('Dinas Sosial Provinsi Nusa Tenggara Barat', 'Dinsos NTB', 'DSNB', SocialAffairs, '52', 1, MAKASSAR),
  home('Balai Pelayanan Pelindungan Pekerja Migran Indonesia Nusa Tenggara Timur', 'BP3MI NTT', 'BPNT', Bp3mi, '53', 6, MAKASSAR),
  home('Dinas Tenaga Kerja dan Transmigrasi Kabupaten Kupang', 'Disnakertrans Kupang', 'KPG', Disnakertrans, '53.01', 3, MAKASSAR),
  home('Kepolisian Daerah Nusa Tenggara Timur (Ditreskrimum)', 'Polda NTT', 'PDNT', Police, '53', 0, MAKASSAR),
  home('Dinas Sosial Provinsi Nusa Tenggara Timur', 'Dinsos NTT', 'DSNT', SocialAffairs, '53', 1, MAKASSAR),
  home('Kantor Imigrasi Kelas I Khusus TPI Batam', 'Kanim Batam', 'KNBTM', Immigration, '21.71', 0),
  home('Dinas Tenaga Kerja dan Transmigrasi Kabupaten Nunukan', 'Disnakertrans Nunukan', 'NNK', Disnakertrans, '65.03', 1, MAKASSAR),
  home('Badan Pelindungan Pekerja Migran Indonesia', 'BP2MI', 'BPN', Bp2mi, null, 8),
  home('Badan Reserse Kriminal Polri (Direktorat Tindak Pidana PPA-PPO)', 'Bareskrim Polri', 'BRKP', Police, null, 0),
  home('Direktorat Jenderal Imigrasi', 'Ditjen Imigrasi', 'DJIM', Immigration, null, 0),
  home('BPJS Ketenagakerjaan', 'BPJS Ketenagakerjaan', 'BPJSK', InsuranceBenefits, null, 0),
  home('Lembaga Perlindungan Saksi dan Korban', 'LPSK', 'LPSK', Other, null, 0),
  home('Serikat Buruh Migran Indonesia', 'SBMI', 'SBMI', Ngo, null, 1),
  home('Migrant CARE', 'Migrant CARE', 'MGC', Ngo, null, 1),
  abroad('Kedutaan Besar Republik Indonesia Kuala Lumpur', 'KBRI Kuala Lumpur', 'KBKL', 'MY', 'Asia/Kuala_Lumpur', 4),
  abroad('Kedutaan Besar Republik Indonesia Phnom Penh', 'KBRI Phnom Penh', 'KBPP', 'KH', 'Asia/Phnom_Penh', 3),
  abroad('Kedutaan Besar Republik Indonesia Riyadh', 'KBRI Riyadh', 'KBRY', 'SA', 'Asia/Riyadh', 3),
  abroad('Konsulat Jenderal Republik Indonesia Hong Kong', 'KJRI Hong Kong', 'KJHK', 'HK', 'Asia/Hong_Kong', 2),
  abroad('Kantor Dagang dan Ekonomi Indonesia Taipei', 'KDEI Taipei', 'KDEI', 'TW', 'Asia/Taipei', 2),
  abroad('Kedutaan Besar Republik Indonesia Yangon', 'KBRI Yangon', 'KBYG', 'MM', 'Asia/Yangon', 1),
];

/** Who takes which referrals, by type of agency. */
export const SERVICES_BY_AGENCY_TYPE: Partial<Record<AgencyType, ReferralService[]>> = {
  [Bp2mi]: [
    ReferralService.RepatriationLiving,
    ReferralService.RepatriationRemains,
    ReferralService.InsuranceBenefitClaim,
    ReferralService.FamilyTracing,
    ReferralService.EconomicSupport,
    ReferralService.Other,
  ],
  [Bp3mi]: [
    ReferralService.RepatriationLiving,
    ReferralService.RepatriationRemains,
    ReferralService.FamilyTracing,
    ReferralService.EconomicSupport,
    ReferralService.SkillsTraining,
    ReferralService.Other,
  ],
  [Disnakertrans]: [
    ReferralService.SkillsTraining,
    ReferralService.EconomicSupport,
    ReferralService.Other,
  ],
  [Police]: [ReferralService.PoliceInvestigation],
  [Immigration]: [ReferralService.IdentityDocuments],
  [SocialAffairs]: [
    ReferralService.PsychosocialSupport,
    ReferralService.Shelter,
    ReferralService.MedicalCare,
    ReferralService.EconomicSupport,
  ],
  [WomenChildProtection]: [
    ReferralService.PsychosocialSupport,
    ReferralService.Shelter,
    ReferralService.LegalAid,
    ReferralService.MedicalCare,
  ],
  [AgencyType.EmbassyConsulate]: [
    ReferralService.RescueConsular,
    ReferralService.RepatriationLiving,
    ReferralService.RepatriationRemains,
    ReferralService.FamilyTracing,
    ReferralService.IdentityDocuments,
  ],
  [LegalAid]: [ReferralService.LegalAid, ReferralService.RestitutionClaim],
  [InsuranceBenefits]: [ReferralService.InsuranceBenefitClaim],
  [Ngo]: [
    ReferralService.LegalAid,
    ReferralService.PsychosocialSupport,
    ReferralService.FamilyTracing,
    ReferralService.Other,
  ],
  [Other]: [ReferralService.RestitutionClaim, ReferralService.MedicalCare],
};

/** Services done where the victim is (a mission in that country), not where they come from. */
export const SERVICES_ABROAD: ReferralService[] = [
  ReferralService.RescueConsular,
  ReferralService.RepatriationLiving,
  ReferralService.RepatriationRemains,
];

export type Weighted<T extends string | null> = Array<[T, number]>;

export const SERVICE_WEIGHTS: Weighted<ReferralService> = [
  [ReferralService.RepatriationLiving, 12],
  [ReferralService.RepatriationRemains, 4],
  [ReferralService.RescueConsular, 8],
  [ReferralService.PoliceInvestigation, 14],
  [ReferralService.LegalAid, 10],
  [ReferralService.RestitutionClaim, 4],
  [ReferralService.InsuranceBenefitClaim, 8],
  [ReferralService.MedicalCare, 4],
  [ReferralService.PsychosocialSupport, 10],
  [ReferralService.Shelter, 6],
  [ReferralService.FamilyTracing, 5],
  [ReferralService.IdentityDocuments, 5],
  [ReferralService.SkillsTraining, 3],
  [ReferralService.EconomicSupport, 5],
  [ReferralService.Other, 2],
];

/**
 * Where victims come from: a province (any of its villages) or one of its regencies known for
 * sending many workers (kantong PMI), weighted; the villages are those of the `regions` table.
 */
export const ORIGIN_WEIGHTS: Weighted<string> = [
  ['35', 10], // Jawa Timur
  ['35.07', 4], // Kabupaten Malang
  ['35.05', 3], // Kabupaten Blitar
  ['35.04', 2], // Kabupaten Tulungagung
  ['35.02', 2], // Kabupaten Ponorogo
  ['35.10', 2], // Kabupaten Banyuwangi
  ['32', 8], // Jawa Barat
  ['32.12', 5], // Kabupaten Indramayu
  ['32.09', 3], // Kabupaten Cirebon
  ['32.03', 3], // Kabupaten Cianjur
  ['32.02', 2], // Kabupaten Sukabumi
  ['33', 8], // Jawa Tengah
  ['33.01', 3], // Kabupaten Cilacap
  ['33.24', 2], // Kabupaten Kendal
  ['52', 4], // Nusa Tenggara Barat
  ['52.03', 6], // Kabupaten Lombok Timur
  ['52.02', 4], // Kabupaten Lombok Tengah
  ['53', 4], // Nusa Tenggara Timur
  ['53.01', 3], // Kabupaten Kupang
  ['53.02', 3], // Kabupaten Timor Tengah Selatan
  ['18', 4], // Lampung
  ['18.07', 3], // Kabupaten Lampung Timur
  ['18.01', 2], // Kabupaten Lampung Selatan
  ['12', 2], // Sumatera Utara
  ['36', 2], // Banten
  ['73', 2], // Sulawesi Selatan
  ['51', 1], // Bali
  ['61', 1], // Kalimantan Barat
  ['21', 1], // Kepulauan Riau
  ['65', 1], // Kalimantan Utara
  ['11', 1], // Aceh
  ['16', 1], // Sumatera Selatan
  ['64', 1], // Kalimantan Timur
];

export interface Destination {
  /** ISO 3166 alpha-2, as in `countries`. */
  code: string;
  weight: number;
  /** The country's name in Indonesian, for case titles. */
  nameId: string;
  cities: string[];
  /** Online-scam compounds: forced criminality rather than domestic or plantation work. */
  scam?: boolean;
}

// prettier-ignore
export const DESTINATIONS: Destination[] = [
  {
    code: 'MY',
    weight: 30,
    nameId: 'Malaysia',
    cities: ['Kuala Lumpur', 'Johor Bahru', 'Kota Kinabalu', 'Tawau', 'Penang'],
  },
  {
    code: 'SA',
    weight: 12,
    nameId: 'Arab Saudi',
    cities: ['Riyadh', 'Jeddah', 'Dammam', 'Makkah'],
  },
  {
    code: 'KH',
    weight: 12,
    nameId: 'Kamboja',
    cities: ['Sihanoukville', 'Phnom Penh', 'Bavet', 'Poipet'],
    scam: true,
  },
  { code: 'HK', weight: 9, nameId: 'Hong Kong', cities: ['Hong Kong'] },
  { code: 'TW', weight: 9, nameId: 'Taiwan', cities: ['Taipei', 'Taichung', 'Kaohsiung'] },
  { code: 'MM', weight: 6, nameId: 'Myanmar', cities: ['Myawaddy', 'Shwe Kokko'], scam: true },
  { code: 'SG', weight: 3, nameId: 'Singapura', cities: ['Singapura'] },
  { code: 'AE', weight: 3, nameId: 'Uni Emirat Arab', cities: ['Dubai', 'Abu Dhabi'] },
  { code: 'KR', weight: 2, nameId: 'Korea Selatan', cities: ['Busan', 'Ansan'] },
  { code: 'JP', weight: 2, nameId: 'Jepang', cities: ['Osaka', 'Nagoya'] },
  { code: 'QA', weight: 2, nameId: 'Qatar', cities: ['Doha'] },
  { code: 'TH', weight: 2, nameId: 'Thailand', cities: ['Mae Sot', 'Bangkok'] },
  { code: 'LA', weight: 2, nameId: 'Laos', cities: ['Bokeo'], scam: true },
  { code: 'BN', weight: 2, nameId: 'Brunei', cities: ['Bandar Seri Begawan'] },
  { code: 'KW', weight: 1, nameId: 'Kuwait', cities: ['Kuwait City'] },
  { code: 'OM', weight: 1, nameId: 'Oman', cities: ['Muscat'] },
  { code: 'JO', weight: 1, nameId: 'Yordania', cities: ['Amman'] },
  { code: 'PH', weight: 1, nameId: 'Filipina', cities: ['Manila'], scam: true },
];

/** Synthetic names, common in the sending provinces (Javanese, Sundanese, Sasak, Timorese). */
// prettier-ignore
export const GIVEN_NAMES_FEMININE = [
  'Siti', 'Sri', 'Nur', 'Dewi', 'Ani', 'Yuli', 'Rina', 'Wati', 'Sulastri', 'Suryani', 'Ratna',
  'Lestari', 'Rahayu', 'Kartini', 'Aminah', 'Fatimah', 'Nurhayati', 'Mariyam', 'Ernawati',
  'Susanti', 'Yanti', 'Eka', 'Fitri', 'Ayu', 'Indah', 'Wulan', 'Rohmah', 'Khotimah', 'Halimah',
  'Maesaroh', 'Tuti', 'Endang', 'Murni', 'Komariah', 'Juariah', 'Sumiati', 'Tarsih', 'Warsini',
  'Karsih', 'Baiq Nurul', 'Yohana', 'Maria', 'Agustina', 'Dian', 'Novita', 'Yuliana',
];
// prettier-ignore
export const GIVEN_NAMES_MASCULINE = [
  'Ahmad', 'Muhammad', 'Agus', 'Budi', 'Slamet', 'Joko', 'Hendra', 'Rudi', 'Andi', 'Dedi', 'Yusuf',
  'Bambang', 'Heru', 'Eko', 'Wahyu', 'Supriyadi', 'Sutrisno', 'Hasan', 'Ridwan', 'Fajar', 'Arif',
  'Samsul', 'Imam', 'Rahmat', 'Zainal', 'Saiful', 'Lalu Muhammad', 'Komang', 'Made', 'Yohanes',
  'Petrus', 'Markus', 'Fransiskus', 'Yoseph', 'Karta', 'Darsono', 'Tarmuji',
];
// prettier-ignore
export const FAMILY_NAMES = [
  'Saputra', 'Setiawan', 'Hidayat', 'Wijaya', 'Kurniawan', 'Santoso', 'Pratama', 'Nugroho',
  'Susanto', 'Rahman', 'Hakim', 'Siregar', 'Nasution', 'Lubis', 'Manafe', 'Tefa', 'Ndun', 'Nope',
  'Bria', 'Wulandari', 'Handayani', 'Purnamasari', 'Anggraini', 'Maharani', 'Hartono', 'Gunawan',
  'Sihombing', 'Fauzi', 'Ramadhan', 'Firmansyah', 'Hermawan', 'Syahputra', 'Kusumawati', 'Prasetyo',
  'Utami', 'Suryadi', 'Amalia', 'Hasibuan', 'Tanone', 'Benu',
];

/** The seeded accounts' and agencies' addresses: a .local domain, like the demo's, no mailbox. */
export const SCALE_EMAIL_DOMAIN = 'skala.jejak.local';

/** Said on every seeded case, so that no one mistakes one for a real person's. */
export const SYNTHETIC_SUMMARY =
  'Data sintetis untuk uji skala; bukan kasus nyata. / ' +
  'Synthetic data for scale testing; not a real case.';
