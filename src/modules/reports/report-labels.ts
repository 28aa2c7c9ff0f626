import { CasePriority, CaseStatus, ExploitationType, IncidentType } from '../cases/case.enums';
import { ReferralService } from '../referrals/referral.enums';
import { Gender } from '../victims/victim.enums';

/** What a person reads for a code: Bahasa Indonesia first, English second. */
export interface Label {
  id: string;
  en: string;
}

export type Language = keyof Label;

export const INCIDENT_TYPE_LABELS: Record<IncidentType, Label> = {
  [IncidentType.Trafficking]: { id: 'Perdagangan orang (TPPO)', en: 'Trafficking in persons' },
  [IncidentType.DeathAbroad]: { id: 'Meninggal di luar negeri', en: 'Death abroad' },
  [IncidentType.NonProceduralPlacement]: {
    id: 'Penempatan nonprosedural',
    en: 'Non-procedural placement',
  },
  [IncidentType.UnpaidWages]: { id: 'Gaji tidak dibayar', en: 'Unpaid wages' },
  [IncidentType.AbuseOrViolence]: { id: 'Penganiayaan atau kekerasan', en: 'Abuse or violence' },
  [IncidentType.DetentionAbroad]: { id: 'Ditahan di luar negeri', en: 'Detention abroad' },
  [IncidentType.StrandedOrMissing]: { id: 'Terlantar atau hilang', en: 'Stranded or missing' },
  [IncidentType.Other]: { id: 'Lainnya', en: 'Other' },
};

export const EXPLOITATION_TYPE_LABELS: Record<ExploitationType, Label> = {
  [ExploitationType.ForcedLabour]: { id: 'Kerja paksa', en: 'Forced labour' },
  [ExploitationType.SexualExploitation]: { id: 'Eksploitasi seksual', en: 'Sexual exploitation' },
  [ExploitationType.ChildLabour]: { id: 'Pekerja anak', en: 'Child labour' },
  [ExploitationType.ForcedMarriage]: { id: 'Kawin paksa', en: 'Forced marriage' },
  [ExploitationType.Servitude]: { id: 'Perhambaan', en: 'Servitude' },
  [ExploitationType.ForcedMilitaryByNonStateActors]: {
    id: 'Wajib militer oleh kelompok bersenjata',
    en: 'Forced military service by non-state actors',
  },
  [ExploitationType.OrganRemoval]: { id: 'Pengambilan organ', en: 'Organ removal' },
  [ExploitationType.ForcedBegging]: { id: 'Mengemis paksa', en: 'Forced begging' },
  [ExploitationType.ForcedAdoption]: { id: 'Adopsi paksa', en: 'Forced adoption' },
  [ExploitationType.Surrogacy]: { id: 'Ibu pengganti', en: 'Surrogacy' },
  [ExploitationType.ForcedCriminality]: { id: 'Kriminalitas paksa', en: 'Forced criminality' },
  [ExploitationType.OnlineScam]: { id: 'Penipuan daring (scam)', en: 'Online scam' },
  [ExploitationType.Other]: { id: 'Lainnya', en: 'Other' },
};

export const CASE_STATUS_LABELS: Record<CaseStatus, Label> = {
  [CaseStatus.Intake]: { id: 'Penerimaan', en: 'Intake' },
  [CaseStatus.Open]: { id: 'Terbuka', en: 'Open' },
  [CaseStatus.InAssistance]: { id: 'Dalam pendampingan', en: 'In assistance' },
  [CaseStatus.ClosureRequested]: { id: 'Menunggu penutupan', en: 'Closure requested' },
  [CaseStatus.Closed]: { id: 'Ditutup', en: 'Closed' },
  [CaseStatus.Reopened]: { id: 'Dibuka kembali', en: 'Reopened' },
  [CaseStatus.ClosedDuplicate]: { id: 'Ditutup (duplikat)', en: 'Closed (duplicate)' },
  [CaseStatus.ClosedUnfounded]: { id: 'Ditutup (tidak terbukti)', en: 'Closed (unfounded)' },
};

export const CASE_PRIORITY_LABELS: Record<CasePriority, Label> = {
  [CasePriority.Critical]: { id: 'Kritis', en: 'Critical' },
  [CasePriority.High]: { id: 'Tinggi', en: 'High' },
  [CasePriority.Normal]: { id: 'Normal', en: 'Normal' },
  [CasePriority.Low]: { id: 'Rendah', en: 'Low' },
};

export const GENDER_LABELS: Record<Gender, Label> = {
  [Gender.Feminine]: { id: 'Perempuan', en: 'Female' },
  [Gender.Masculine]: { id: 'Laki-laki', en: 'Male' },
  [Gender.TransgenderFeminine]: { id: 'Transpuan', en: 'Transgender female' },
  [Gender.TransgenderMasculine]: { id: 'Transpria', en: 'Transgender male' },
  [Gender.NonConforming]: { id: 'Nonbiner', en: 'Gender non-conforming' },
  [Gender.NonSpecifiedUnknown]: { id: 'Tidak diketahui', en: 'Not specified or unknown' },
};

export enum AgeGroup {
  Minor = 'minor',
  Adult = 'adult',
  Unknown = 'unknown',
}

export const AGE_GROUP_LABELS: Record<AgeGroup, Label> = {
  [AgeGroup.Minor]: { id: 'Anak saat direkrut', en: 'Minor at recruitment' },
  [AgeGroup.Adult]: { id: 'Dewasa saat direkrut', en: 'Adult at recruitment' },
  [AgeGroup.Unknown]: { id: 'Usia tidak diketahui', en: 'Age unknown' },
};

/** The same words as the referral messages (src/modules/referrals/messages/id.json, service.*). */
export const REFERRAL_SERVICE_LABELS: Record<ReferralService, Label> = {
  [ReferralService.RepatriationLiving]: {
    id: 'Pemulangan PMI ke daerah asal',
    en: 'Repatriation of a living worker',
  },
  [ReferralService.RepatriationRemains]: {
    id: 'Pemulangan jenazah',
    en: 'Repatriation of remains',
  },
  [ReferralService.RescueConsular]: {
    id: 'Penyelamatan dan pelindungan konsuler',
    en: 'Rescue and consular protection',
  },
  [ReferralService.PoliceInvestigation]: {
    id: 'Penyelidikan dan penyidikan kepolisian',
    en: 'Police investigation',
  },
  [ReferralService.LegalAid]: { id: 'Bantuan hukum', en: 'Legal aid' },
  [ReferralService.RestitutionClaim]: { id: 'Permohonan restitusi', en: 'Restitution claim' },
  [ReferralService.InsuranceBenefitClaim]: {
    id: 'Klaim manfaat asuransi atau jaminan sosial',
    en: 'Insurance or social security benefit claim',
  },
  [ReferralService.MedicalCare]: { id: 'Layanan kesehatan', en: 'Medical care' },
  [ReferralService.PsychosocialSupport]: {
    id: 'Dukungan psikososial',
    en: 'Psychosocial support',
  },
  [ReferralService.Shelter]: { id: 'Rumah aman', en: 'Shelter' },
  [ReferralService.FamilyTracing]: { id: 'Penelusuran keluarga', en: 'Family tracing' },
  [ReferralService.IdentityDocuments]: {
    id: 'Pengurusan dokumen identitas',
    en: 'Identity documents',
  },
  [ReferralService.SkillsTraining]: { id: 'Pelatihan keterampilan', en: 'Skills training' },
  [ReferralService.EconomicSupport]: { id: 'Pemberdayaan ekonomi', en: 'Economic support' },
  [ReferralService.Other]: { id: 'Layanan lainnya', en: 'Other service' },
};

const MONTHS_ID = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
];
const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** '2024-05' -> Mei 2024 / May 2024. */
export function monthLabel(month: string): Label {
  const [year, number] = month.split('-');
  const index = Number(number) - 1;
  return { id: `${MONTHS_ID[index]} ${year}`, en: `${MONTHS_EN[index]} ${year}` };
}

/** A code the lists above do not know (a value added later) reads as itself, not as nothing. */
export function labelOf<T extends string>(labels: Record<T, Label>, code: string): Label {
  return (labels as Record<string, Label>)[code] ?? { id: code, en: code };
}

export const NOT_RECORDED: Label = { id: 'Tidak dicatat', en: 'Not recorded' };
