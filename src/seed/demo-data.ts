import { AgencyLevel, AgencyType, MessageLanguage } from '../modules/agencies/agency.enums';
import { UserRole } from '../modules/users/user-role';

export interface DemoAgency {
  name: string;
  shortName: string;
  type: AgencyType;
  level: AgencyLevel;
  regionCode: string | null;
  countryCode: string | null;
  contactEmails: string[];
  timeZone: string;
  preferredLanguage: MessageLanguage;
  casePrefix?: string;
}

const jakarta = {
  timeZone: 'Asia/Jakarta',
  preferredLanguage: MessageLanguage.Indonesian,
  countryCode: null,
};

/** The agencies of the Ahmad Jayani case in shared/DOMAIN.md. Addresses are fictional. */
export const DEMO_AGENCIES: DemoAgency[] = [
  {
    ...jakarta,
    name: 'Badan Pelindungan Pekerja Migran Indonesia',
    shortName: 'BP2MI',
    type: AgencyType.Bp2mi,
    level: AgencyLevel.National,
    regionCode: null,
    contactEmails: ['pengaduan@bp2mi.demo.jejak.local'],
  },
  {
    ...jakarta,
    name: 'Balai Pelayanan Pelindungan Pekerja Migran Indonesia Lampung',
    shortName: 'BP3MI Lampung',
    casePrefix: 'BPL',
    type: AgencyType.Bp3mi,
    level: AgencyLevel.Province,
    regionCode: '18',
    contactEmails: ['layanan@bp3mi-lampung.demo.jejak.local'],
  },
  {
    ...jakarta,
    name: 'Dinas Tenaga Kerja dan Transmigrasi Kabupaten Lampung Selatan',
    shortName: 'Disnakertrans Lampung Selatan',
    casePrefix: 'LPG',
    type: AgencyType.Disnakertrans,
    level: AgencyLevel.Regency,
    regionCode: '18.01',
    contactEmails: ['disnakertrans@lampungselatan.demo.jejak.local'],
  },
  {
    ...jakarta,
    name: 'Kepolisian Daerah Lampung (Ditreskrimum)',
    shortName: 'Polda Lampung',
    type: AgencyType.Police,
    level: AgencyLevel.Province,
    regionCode: '18',
    contactEmails: ['ditreskrimum@polda-lampung.demo.jejak.local'],
  },
  {
    ...jakarta,
    name: 'Kantor Imigrasi Kelas I TPI Bandar Lampung',
    shortName: 'Kanim Bandar Lampung',
    type: AgencyType.Immigration,
    level: AgencyLevel.Regency,
    regionCode: '18.71',
    contactEmails: ['kanim@bandarlampung.demo.jejak.local'],
  },
  {
    ...jakarta,
    name: 'Dinas Sosial Kabupaten Lampung Selatan',
    shortName: 'Dinsos Lampung Selatan',
    type: AgencyType.SocialAffairs,
    level: AgencyLevel.Regency,
    regionCode: '18.01',
    contactEmails: ['dinsos@lampungselatan.demo.jejak.local'],
  },
  {
    ...jakarta,
    name: 'Dinas Pemberdayaan Perempuan dan Perlindungan Anak Provinsi Lampung',
    shortName: 'DP3A Lampung',
    type: AgencyType.WomenChildProtection,
    level: AgencyLevel.Province,
    regionCode: '18',
    contactEmails: ['uptd-ppa@dp3a-lampung.demo.jejak.local'],
  },
  {
    name: 'Kedutaan Besar Republik Indonesia Phnom Penh',
    shortName: 'KBRI Phnom Penh',
    casePrefix: 'KBPP',
    type: AgencyType.EmbassyConsulate,
    level: AgencyLevel.Abroad,
    regionCode: null,
    countryCode: 'KH',
    contactEmails: ['pelindungan@kbri-phnompenh.demo.jejak.local'],
    timeZone: 'Asia/Phnom_Penh',
    preferredLanguage: MessageLanguage.Indonesian,
  },
  {
    ...jakarta,
    name: 'Lembaga Bantuan Hukum Bandar Lampung',
    shortName: 'LBH Bandar Lampung',
    type: AgencyType.LegalAid,
    level: AgencyLevel.Regency,
    regionCode: '18.71',
    contactEmails: ['bantuan@lbh-bandarlampung.demo.jejak.local'],
  },
];

export interface DemoUser {
  email: string;
  fullName: string;
  role: UserRole;
  agencyShortName: string;
}

export const DEMO_USERS: DemoUser[] = [
  {
    email: 'admin@demo.jejak.local',
    fullName: 'Demo Administrator',
    role: UserRole.Admin,
    agencyShortName: 'BP3MI Lampung',
  },
  {
    email: 'supervisor@demo.jejak.local',
    fullName: 'Demo Kepala Seksi',
    role: UserRole.Supervisor,
    agencyShortName: 'Disnakertrans Lampung Selatan',
  },
  {
    email: 'caseworker@demo.jejak.local',
    fullName: 'Demo Petugas Kasus',
    role: UserRole.Caseworker,
    agencyShortName: 'Disnakertrans Lampung Selatan',
  },
  {
    email: 'liaison@demo.jejak.local',
    fullName: 'Demo Focal Point KBRI',
    role: UserRole.AgencyLiaison,
    agencyShortName: 'KBRI Phnom Penh',
  },
  {
    email: 'viewer@demo.jejak.local',
    fullName: 'Demo Pemantau',
    role: UserRole.Viewer,
    agencyShortName: 'BP3MI Lampung',
  },
];
