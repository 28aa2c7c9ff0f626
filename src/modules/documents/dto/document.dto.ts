import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { Trim } from '../../../common/validation/normalise';
import {
  ACCEPTED_DOCUMENT_TYPES,
  type AcceptedDocumentType,
  DocumentKind,
} from '../document.enums';

/** The form fields of an upload, sent before the `file` part. */
export class UploadDocumentFieldsDto {
  @IsEnum(DocumentKind)
  kind!: DocumentKind;

  /** The victim of this case the document is about; none for the case as a whole. */
  @IsOptional()
  @IsUUID()
  victimId?: string;
}

export class RemoveDocumentDto {
  /** Why it goes (filed on the wrong case, someone else's passport...): kept on the timeline. */
  @Trim()
  @IsString()
  @Length(10, 2000)
  reason!: string;
}

/** The multipart form of an upload, for the API document (the service reads it as a stream). */
export class UploadDocumentFormDto {
  @ApiProperty({ enum: DocumentKind })
  kind!: DocumentKind;

  @ApiProperty({ required: false, format: 'uuid' })
  victimId?: string;

  @ApiProperty({
    type: 'string',
    format: 'binary',
    description:
      'The document, last in the form: PDF, JPEG, PNG, WebP or HEIC by content, at most 20 MiB',
  })
  file!: unknown;
}

export class DocumentUploaderDto {
  id!: string;
  fullName!: string;
}

export class DocumentDto {
  id!: string;
  caseId!: string;
  victimId!: string | null;
  kind!: DocumentKind;
  /** As detected from the content. */
  @ApiProperty({ enum: ACCEPTED_DOCUMENT_TYPES })
  mimeType!: AcceptedDocumentType;
  sizeBytes!: number;
  /** SHA-256 of the content, hex: to check a copy against the one on record. */
  sha256!: string;
  /** As uploaded; null for roles that may not open documents (it often names the person). */
  fileName!: string | null;
  uploadedBy!: DocumentUploaderDto;
  /** When the upload completed. */
  uploadedAt!: Date;
}

/** A document a referral shares, as the receiving agency sees it. */
export class SharedDocumentDto {
  id!: string;
  kind!: DocumentKind;
  victimId!: string | null;
  @ApiProperty({ enum: ACCEPTED_DOCUMENT_TYPES })
  mimeType!: AcceptedDocumentType;
  sizeBytes!: number;
  sha256!: string;
  fileName!: string;
  uploadedAt!: Date;
}
