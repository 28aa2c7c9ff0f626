import type { components } from '../api/schema';

type Schemas = components['schemas'];
type Case = Schemas['CaseResponseDto'];
type Victim = Schemas['VictimResponseDto'];
type Referral = Schemas['ReferralDto'];
type Labels<Code extends string> = Record<Code, string>;

/**
 * What people read for the API's codes, typed by the generated schema: a value the API adds
 * fails the web app's type check until it has a label in both languages.
 */
export interface ValueLabels {
  caseStatus: Labels<Case['status']>;
  casePriority: Labels<Case['priority']>;
  incidentType: Labels<Case['incidentType']>;
  source: Labels<Case['source']>;
  exploitationType: Labels<Case['exploitationTypes'][number]>;
  gender: Labels<Victim['gender']>;
  currentSituation: Labels<Victim['currentSituation']>;
  migrationChannel: Labels<Victim['migrationChannel']>;
  traffickingStatus: Labels<Victim['traffickingStatus']>;
  relationship: Labels<NonNullable<Schemas['LinkedPerpetratorDto']['relationshipToVictims']>>;
  familyRelation: Labels<Schemas['FamilyMemberInputDto']['relation']>;
  perpetratorRole: Labels<NonNullable<Schemas['PerpetratorInputDto']['roles']>[number]>;
  remainsStatus: Labels<NonNullable<Victim['remainsStatus']>>;
  priorityReason: Labels<Schemas['PrioritySuggestionResponseDto']['reasons'][number]>;
  referralService: Labels<Referral['service']>;
  referralStatus: Labels<Referral['status']>;
  referralConsent: Labels<Referral['consent']>;
  sharedField: Labels<Referral['sharedFields'][number]>;
  referralOutcome: Labels<NonNullable<Referral['outcome']>>;
  responseAction: Labels<Schemas['ReferralResponseEntryDto']['action']>;
  notificationStatus: Labels<Schemas['NotificationDto']['status']>;
  notificationKind: Labels<Schemas['NotificationDto']['kind']>;
  notificationChannel: Labels<Schemas['NotificationDto']['channel']>;
  userRole: Labels<Schemas['UserResponseDto']['role']>;
  agencyType: Labels<AgencyDto['type']>;
  agencyLevel: Labels<AgencyDto['level']>;
  messageLanguage: Labels<AgencyDto['preferredLanguage']>;
  slaUnit: Labels<SlaPolicyDto['acknowledgeUnit']>;
  recipientKind: Labels<NotificationDto['recipientKind']>;
  circuitState: Labels<Schemas['NotificationDestinationDto']['state']>;
  personKind: Labels<Schemas['PersonSearchResultDto']['kind']>;
  personMatch: Labels<Schemas['PersonSearchResultDto']['matchedBy']>;
  duplicateReason: Labels<Schemas['DuplicateFlagDto']['reason']>;
  duplicateStatus: Labels<Schemas['DuplicateFlagDto']['status']>;
  perpetratorStatus: Labels<Schemas['PerpetratorResponseDto']['status']>;
  transferStatus: Labels<Schemas['TransferResponseDto']['status']>;
}

export const idValues: ValueLabels = {
  caseStatus: {
    intake: 'Penerimaan',
    open: 'Terbuka',
    in_assistance: 'Dalam pendampingan',
    closure_requested: 'Menunggu persetujuan penutupan',
    closed: 'Ditutup',
    reopened: 'Dibuka kembali',
    closed_duplicate: 'Ditutup (duplikat)',
    closed_unfounded: 'Ditutup (tidak terbukti)',
  },
  casePriority: { critical: 'Kritis', high: 'Tinggi', normal: 'Normal', low: 'Rendah' },
  incidentType: {
    trafficking: 'Perdagangan orang (TPPO)',
    death_abroad: 'Meninggal di luar negeri',
    non_procedural_placement: 'Penempatan nonprosedural',
    unpaid_wages: 'Gaji tidak dibayar',
    abuse_or_violence: 'Penganiayaan atau kekerasan',
    detention_abroad: 'Ditahan di luar negeri',
    stranded_or_missing: 'Terlantar atau hilang',
    other: 'Lainnya',
  },
  source: {
    family: 'Keluarga',
    village_head: 'Kepala desa',
    media: 'Media',
    hotline: 'Layanan pengaduan',
    embassy_report: 'Laporan perwakilan RI',
    police: 'Kepolisian',
    other_agency: 'Instansi lain',
    self_report: 'Laporan korban sendiri',
    other: 'Lainnya',
  },
  exploitationType: {
    ForcedLabour: 'Kerja paksa',
    SexualExploitation: 'Eksploitasi seksual',
    ChildLabour: 'Pekerja anak',
    ForcedMarriage: 'Kawin paksa',
    Servitude: 'Perhambaan',
    ForcedMilitaryByNonStateActors: 'Wajib militer oleh kelompok bersenjata',
    OrganRemoval: 'Pengambilan organ',
    ForcedBegging: 'Mengemis paksa',
    ForcedAdoption: 'Adopsi paksa',
    Surrogacy: 'Ibu pengganti',
    ForcedCriminality: 'Dipaksa melakukan kejahatan',
    OnlineScam: 'Penipuan daring (online scam)',
    Other: 'Lainnya',
  },
  gender: {
    Feminine: 'Perempuan',
    Masculine: 'Laki-laki',
    TransgenderFeminine: 'Transgender perempuan',
    TransgenderMasculine: 'Transgender laki-laki',
    NonConforming: 'Nonbiner',
    NonSpecifiedUnknown: 'Tidak diketahui',
  },
  currentSituation: {
    abroad: 'Di luar negeri',
    detained: 'Ditahan',
    missing: 'Hilang',
    hospitalised: 'Dirawat di rumah sakit',
    deceased: 'Meninggal',
    repatriated: 'Sudah dipulangkan',
    home: 'Sudah di rumah',
  },
  migrationChannel: {
    procedural: 'Prosedural',
    non_procedural: 'Nonprosedural',
    unknown: 'Tidak diketahui',
  },
  traffickingStatus: {
    PossibleVictimOfTrafficking: 'Diduga korban TPPO',
    ActualVictimOfTrafficking: 'Korban TPPO',
    NotAVictimOfTrafficking: 'Bukan korban TPPO',
  },
  relationship: { Familial: 'Keluarga', Acquainted: 'Kenalan', Unaquainted: 'Tidak dikenal' },
  familyRelation: {
    mother: 'Ibu',
    father: 'Ayah',
    spouse: 'Suami/istri',
    child: 'Anak',
    sibling: 'Saudara kandung',
    guardian: 'Wali',
    other: 'Lainnya',
  },
  perpetratorRole: {
    TravellingPartner: 'Teman perjalanan',
    Transporter: 'Pengangkut',
    RecruiterOrIntermediary: 'Perekrut atau perantara (calo)',
    BrokerTravelAgent: 'Agen perjalanan atau makelar',
    TransferredIndividual: 'Memindahkan korban',
    HarbouredIndividual: 'Menampung korban',
    SoldIndividual: 'Menjual korban',
    BoughtIndividual: 'Membeli korban',
    ReceivedIndividual: 'Menerima korban',
    ControlledIndividual: 'Mengendalikan korban',
    Smuggler: 'Penyelundup',
    Abuser: 'Pelaku kekerasan',
    Kidnapper: 'Penculik',
    Exploiter: 'Pengeksploitasi (majikan, pengelola)',
    Other: 'Lainnya',
  },
  remainsStatus: {
    awaiting_repatriation: 'Menunggu pemulangan jenazah',
    repatriated: 'Jenazah sudah dipulangkan',
    buried_abroad: 'Dimakamkan di luar negeri',
  },
  priorityReason: {
    victim_deceased: 'Ada korban yang meninggal dunia',
    victim_detained_or_missing: 'Ada korban yang ditahan atau hilang',
    minor_still_abroad: 'Ada korban anak yang masih di luar negeri',
    minor_at_recruitment: 'Ada korban yang masih anak saat direkrut',
    many_victims: 'Korban 10 orang atau lebih',
    serious_incident_type: 'Jenis kejadian: kematian, penahanan, atau hilang di luar negeri',
  },
  referralService: {
    repatriation_living: 'Pemulangan',
    repatriation_remains: 'Pemulangan jenazah',
    rescue_consular: 'Penyelamatan dan bantuan konsuler',
    police_investigation: 'Penyelidikan polisi',
    legal_aid: 'Bantuan hukum',
    restitution_claim: 'Permohonan restitusi',
    insurance_benefit_claim: 'Klaim asuransi',
    medical_care: 'Perawatan medis',
    psychosocial_support: 'Dukungan psikososial',
    shelter: 'Rumah aman',
    family_tracing: 'Penelusuran keluarga',
    identity_documents: 'Dokumen kependudukan',
    skills_training: 'Pelatihan keterampilan',
    economic_support: 'Pemberdayaan ekonomi',
    other: 'Lainnya',
  },
  referralStatus: {
    draft: 'Draf',
    sent: 'Terkirim',
    acknowledged: 'Diterima',
    in_progress: 'Sedang ditangani',
    completed: 'Selesai',
    declined: 'Ditolak',
    cancelled: 'Dibatalkan',
  },
  referralConsent: {
    victim: 'Korban sendiri',
    family: 'Keluarga korban',
    guardian: 'Wali',
    not_obtained: 'Belum ada persetujuan',
  },
  sharedField: {
    full_name: 'Nama lengkap',
    sex: 'Jenis kelamin',
    age: 'Usia',
    date_of_birth: 'Tanggal lahir',
    nik: 'NIK',
    passport: 'Nomor paspor',
    phone: 'Nomor telepon',
    origin_address: 'Alamat asal',
    current_situation: 'Keadaan saat ini',
    death_details: 'Keterangan kematian',
    family_contacts: 'Kontak keluarga',
  },
  referralOutcome: {
    achieved: 'Tercapai',
    partially_achieved: 'Tercapai sebagian',
    not_achieved: 'Tidak tercapai',
  },
  responseAction: {
    acknowledge: 'Rujukan diterima',
    decline: 'Rujukan ditolak',
    progress: 'Laporan kemajuan',
    complete: 'Rujukan selesai',
  },
  notificationStatus: {
    pending: 'Menunggu dikirim',
    sending: 'Sedang dikirim',
    delivered: 'Terkirim',
    failed: 'Gagal terkirim',
    cancelled: 'Dibatalkan',
  },
  notificationKind: {
    referral_sent: 'Rujukan',
    acknowledge_reminder: 'Pengingat konfirmasi',
    due_soon_reminder: 'Pengingat tenggat',
    overdue_reminder: 'Pengingat lewat tenggat',
    escalation: 'Eskalasi',
    referral_answered: 'Kabar tanggapan rujukan',
    referral_assigned: 'Penugasan rujukan',
    task_reminder: 'Pengingat tugas',
    daily_digest: 'Ringkasan harian',
    perpetrator_merged: 'Penggabungan data pelaku',
    case_assignment: 'Penugasan kasus',
    case_transfer_requested: 'Permintaan pemindahan kasus',
    case_transfer_decided: 'Keputusan pemindahan kasus',
  },
  notificationChannel: { email: 'Email', webhook: 'Webhook (sistem instansi)' },
  userRole: {
    admin: 'Admin',
    supervisor: 'Kepala seksi',
    caseworker: 'Petugas kasus',
    viewer: 'Pembaca',
    agency_liaison: 'Penghubung instansi',
  },
  agencyType: {
    bp2mi: 'BP2MI',
    bp3mi: 'BP3MI / UPT BP2MI',
    disnakertrans: 'Disnakertrans / Disnaker',
    police: 'Kepolisian',
    immigration: 'Imigrasi',
    social_affairs: 'Dinas Sosial',
    women_child_protection: 'DP3A / UPTD PPA',
    embassy_consulate: 'Kedutaan / konsulat (KBRI / KJRI)',
    legal_aid: 'Lembaga bantuan hukum',
    village_government: 'Pemerintah desa',
    insurance_benefits: 'BPJS Ketenagakerjaan / asuransi',
    ngo: 'Lembaga swadaya masyarakat',
    other: 'Lainnya',
  },
  agencyLevel: {
    national: 'Nasional',
    province: 'Provinsi',
    regency: 'Kabupaten/kota',
    village: 'Desa',
    abroad: 'Luar negeri',
  },
  messageLanguage: { id: 'Bahasa Indonesia', en: 'Bahasa Inggris' },
  slaUnit: { working_days: 'hari kerja', hours: 'jam', minutes: 'menit', seconds: 'detik' },
  recipientKind: {
    agency: 'Instansi',
    agency_escalation_contact: 'Kontak eskalasi instansi',
    user: 'Pengguna',
  },
  circuitState: {
    closed: 'Normal',
    open: 'Ditahan (tujuan tidak menjawab)',
    half_open: 'Sedang dicoba lagi',
  },
  personKind: {
    victim: 'Korban',
    family_member: 'Anggota keluarga',
    perpetrator: 'Perekrut atau pelaku',
  },
  personMatch: { name: 'Nama mirip', nik: 'NIK sama persis', phone: 'Nomor telepon sama persis' },
  duplicateReason: {
    same_nik: 'NIK sama',
    similar_name: 'Nama mirip, tahun lahir dan kabupaten/kota asal sama',
  },
  duplicateStatus: {
    open: 'Belum diputuskan',
    linked: 'Orang yang sama (ditautkan)',
    dismissed: 'Bukan orang yang sama',
  },
  perpetratorStatus: {
    suspected: 'Diduga',
    reported_to_police: 'Dilaporkan ke polisi',
    named_suspect: 'Tersangka',
    charged: 'Didakwa',
    convicted: 'Divonis bersalah',
  },
  transferStatus: {
    requested: 'Menunggu keputusan',
    accepted: 'Diterima',
    refused: 'Ditolak',
    withdrawn: 'Ditarik kembali',
  },
};

export const enValues: ValueLabels = {
  caseStatus: {
    intake: 'Intake',
    open: 'Open',
    in_assistance: 'In assistance',
    closure_requested: 'Awaiting closure approval',
    closed: 'Closed',
    reopened: 'Reopened',
    closed_duplicate: 'Closed (duplicate)',
    closed_unfounded: 'Closed (unfounded)',
  },
  casePriority: { critical: 'Critical', high: 'High', normal: 'Normal', low: 'Low' },
  incidentType: {
    trafficking: 'Trafficking in persons',
    death_abroad: 'Death abroad',
    non_procedural_placement: 'Non-procedural placement',
    unpaid_wages: 'Unpaid wages',
    abuse_or_violence: 'Abuse or violence',
    detention_abroad: 'Detention abroad',
    stranded_or_missing: 'Stranded or missing',
    other: 'Other',
  },
  source: {
    family: 'Family',
    village_head: 'Village head',
    media: 'Media',
    hotline: 'Hotline',
    embassy_report: 'Embassy report',
    police: 'Police',
    other_agency: 'Another agency',
    self_report: 'The victim',
    other: 'Other',
  },
  exploitationType: {
    ForcedLabour: 'Forced labour',
    SexualExploitation: 'Sexual exploitation',
    ChildLabour: 'Child labour',
    ForcedMarriage: 'Forced marriage',
    Servitude: 'Servitude',
    ForcedMilitaryByNonStateActors: 'Forced military service by non-state actors',
    OrganRemoval: 'Organ removal',
    ForcedBegging: 'Forced begging',
    ForcedAdoption: 'Forced adoption',
    Surrogacy: 'Surrogacy',
    ForcedCriminality: 'Forced criminality',
    OnlineScam: 'Online scam',
    Other: 'Other',
  },
  gender: {
    Feminine: 'Female',
    Masculine: 'Male',
    TransgenderFeminine: 'Transgender female',
    TransgenderMasculine: 'Transgender male',
    NonConforming: 'Non-binary',
    NonSpecifiedUnknown: 'Unknown',
  },
  currentSituation: {
    abroad: 'Abroad',
    detained: 'Detained',
    missing: 'Missing',
    hospitalised: 'In hospital',
    deceased: 'Deceased',
    repatriated: 'Repatriated',
    home: 'At home',
  },
  migrationChannel: {
    procedural: 'Procedural',
    non_procedural: 'Non-procedural',
    unknown: 'Unknown',
  },
  traffickingStatus: {
    PossibleVictimOfTrafficking: 'Possible victim of trafficking',
    ActualVictimOfTrafficking: 'Victim of trafficking',
    NotAVictimOfTrafficking: 'Not a victim of trafficking',
  },
  relationship: { Familial: 'Family', Acquainted: 'Acquaintance', Unaquainted: 'Stranger' },
  familyRelation: {
    mother: 'Mother',
    father: 'Father',
    spouse: 'Spouse',
    child: 'Child',
    sibling: 'Sibling',
    guardian: 'Guardian',
    other: 'Other',
  },
  perpetratorRole: {
    TravellingPartner: 'Travelling partner',
    Transporter: 'Transporter',
    RecruiterOrIntermediary: 'Recruiter or intermediary (broker)',
    BrokerTravelAgent: 'Travel agent or broker',
    TransferredIndividual: 'Transferred the victim',
    HarbouredIndividual: 'Harboured the victim',
    SoldIndividual: 'Sold the victim',
    BoughtIndividual: 'Bought the victim',
    ReceivedIndividual: 'Received the victim',
    ControlledIndividual: 'Controlled the victim',
    Smuggler: 'Smuggler',
    Abuser: 'Abuser',
    Kidnapper: 'Kidnapper',
    Exploiter: 'Exploiter (employer, manager)',
    Other: 'Other',
  },
  remainsStatus: {
    awaiting_repatriation: 'Awaiting repatriation of remains',
    repatriated: 'Remains repatriated',
    buried_abroad: 'Buried abroad',
  },
  priorityReason: {
    victim_deceased: 'A victim has died',
    victim_detained_or_missing: 'A victim is detained or missing',
    minor_still_abroad: 'A child victim is still abroad',
    minor_at_recruitment: 'A victim was a child when recruited',
    many_victims: '10 victims or more',
    serious_incident_type: 'Incident type: death, detention or disappearance abroad',
  },
  referralService: {
    repatriation_living: 'Repatriation',
    repatriation_remains: 'Repatriation of remains',
    rescue_consular: 'Rescue and consular assistance',
    police_investigation: 'Police investigation',
    legal_aid: 'Legal aid',
    restitution_claim: 'Restitution claim',
    insurance_benefit_claim: 'Insurance claim',
    medical_care: 'Medical care',
    psychosocial_support: 'Psychosocial support',
    shelter: 'Shelter',
    family_tracing: 'Family tracing',
    identity_documents: 'Identity documents',
    skills_training: 'Skills training',
    economic_support: 'Economic support',
    other: 'Other',
  },
  referralStatus: {
    draft: 'Draft',
    sent: 'Sent',
    acknowledged: 'Acknowledged',
    in_progress: 'In progress',
    completed: 'Completed',
    declined: 'Declined',
    cancelled: 'Cancelled',
  },
  referralConsent: {
    victim: 'The victim',
    family: "The victim's family",
    guardian: 'A guardian',
    not_obtained: 'No consent yet',
  },
  sharedField: {
    full_name: 'Full name',
    sex: 'Sex',
    age: 'Age',
    date_of_birth: 'Date of birth',
    nik: 'NIK',
    passport: 'Passport number',
    phone: 'Phone number',
    origin_address: 'Home address',
    current_situation: 'Current situation',
    death_details: 'Details of the death',
    family_contacts: 'Family contacts',
  },
  referralOutcome: {
    achieved: 'Achieved',
    partially_achieved: 'Partly achieved',
    not_achieved: 'Not achieved',
  },
  responseAction: {
    acknowledge: 'Referral accepted',
    decline: 'Referral declined',
    progress: 'Progress report',
    complete: 'Referral completed',
  },
  notificationStatus: {
    pending: 'Waiting to be sent',
    sending: 'Being sent',
    delivered: 'Delivered',
    failed: 'Could not be delivered',
    cancelled: 'Cancelled',
  },
  notificationKind: {
    referral_sent: 'Referral',
    acknowledge_reminder: 'Reminder to acknowledge',
    due_soon_reminder: 'Deadline reminder',
    overdue_reminder: 'Overdue reminder',
    escalation: 'Escalation',
    referral_answered: 'Referral answered',
    referral_assigned: 'Referral assignment',
    task_reminder: 'Task reminder',
    daily_digest: 'Daily digest',
    perpetrator_merged: 'Perpetrator records merged',
    case_assignment: 'Case assignment',
    case_transfer_requested: 'Case transfer requested',
    case_transfer_decided: 'Case transfer decided',
  },
  notificationChannel: { email: 'Email', webhook: "Webhook (the agency's system)" },
  userRole: {
    admin: 'Admin',
    supervisor: 'Supervisor',
    caseworker: 'Caseworker',
    viewer: 'Viewer',
    agency_liaison: 'Agency liaison',
  },
  agencyType: {
    bp2mi: 'BP2MI',
    bp3mi: 'BP3MI / BP2MI unit',
    disnakertrans: 'Manpower office (Disnakertrans)',
    police: 'Police',
    immigration: 'Immigration',
    social_affairs: 'Social affairs office',
    women_child_protection: 'Women and child protection (DP3A)',
    embassy_consulate: 'Embassy / consulate',
    legal_aid: 'Legal aid organisation',
    village_government: 'Village government',
    insurance_benefits: 'BPJS Ketenagakerjaan / insurance',
    ngo: 'Non-governmental organisation',
    other: 'Other',
  },
  agencyLevel: {
    national: 'National',
    province: 'Province',
    regency: 'Regency/city',
    village: 'Village',
    abroad: 'Abroad',
  },
  messageLanguage: { id: 'Indonesian', en: 'English' },
  slaUnit: { working_days: 'working days', hours: 'hours', minutes: 'minutes', seconds: 'seconds' },
  recipientKind: {
    agency: 'Agency',
    agency_escalation_contact: "Agency's escalation contact",
    user: 'User',
  },
  circuitState: {
    closed: 'Normal',
    open: 'Held back (not answering)',
    half_open: 'Being tried again',
  },
  personKind: {
    victim: 'Victim',
    family_member: 'Family member',
    perpetrator: 'Recruiter or perpetrator',
  },
  personMatch: { name: 'Similar name', nik: 'Same NIK', phone: 'Same phone number' },
  duplicateReason: {
    same_nik: 'Same NIK',
    similar_name: 'Similar name, same birth year and regency/city of origin',
  },
  duplicateStatus: {
    open: 'Not decided yet',
    linked: 'Same person (linked)',
    dismissed: 'Not the same person',
  },
  perpetratorStatus: {
    suspected: 'Suspected',
    reported_to_police: 'Reported to the police',
    named_suspect: 'Named suspect',
    charged: 'Charged',
    convicted: 'Convicted',
  },
  transferStatus: {
    requested: 'Awaiting decision',
    accepted: 'Accepted',
    refused: 'Refused',
    withdrawn: 'Withdrawn',
  },
};

type AgencyDto = Schemas['AgencyResponseDto'];
type SlaPolicyDto = Schemas['SlaPolicyDto'];
type NotificationDto = Schemas['NotificationDto'];
