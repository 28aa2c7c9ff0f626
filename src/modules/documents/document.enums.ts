/** What a case document is. Listed once here; the migration's CHECK lists the same values. */
export enum DocumentKind {
  DeathCertificate = 'death_certificate',
  Passport = 'passport',
  /** KTP. */
  IdentityCard = 'identity_card',
  /** Kartu Keluarga: proves a relative's standing, e.g. to claim remains or benefits. */
  FamilyCard = 'family_card',
  EmploymentContract = 'employment_contract',
  PoliceReport = 'police_report',
  PowerOfAttorney = 'power_of_attorney',
  MedicalReport = 'medical_report',
  Other = 'other',
}

/**
 * The types a document may be, as its bytes say (never its name or the browser's claim): what a
 * scanner or a phone camera produces. Office files are refused: they can carry macros and links,
 * and open differently from one computer to the next; a PDF of them is what a case file keeps.
 */
export const ACCEPTED_DOCUMENT_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'image/heif',
] as const;
export type AcceptedDocumentType = (typeof ACCEPTED_DOCUMENT_TYPES)[number];

/** The largest document taken, 20 MiB: a scanned multi-page certificate fits; a video does not. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

/** The column the file name is encrypted for, and the one the content key is wrapped for. */
export const DOCUMENT_FIELD = {
  fileName: 'case_documents.file_name',
  contentKey: 'case_documents.content_key',
} as const;
