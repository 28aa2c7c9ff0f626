import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module';
import { UsersModule } from '../users/users.module';
import { CaseDocument } from './case-document.entity';
import { DOCUMENT_STORAGE } from './document-storage';
import { DocumentsAuditPolicy } from './documents-audit-policy';
import { DocumentsController } from './documents.controller';
import { DocumentsRepository } from './documents.repository';
import { DocumentsService } from './documents.service';
import { PostgresDocumentStorage } from './postgres-document-storage';

/** Case documents: upload, list, download, and what referrals share of them. */
@Module({
  imports: [TypeOrmModule.forFeature([CaseDocument]), CasesModule, UsersModule],
  controllers: [DocumentsController],
  providers: [
    DocumentsAuditPolicy,
    DocumentsRepository,
    DocumentsService,
    { provide: DOCUMENT_STORAGE, useClass: PostgresDocumentStorage },
  ],
  // Referrals share chosen documents with the receiving agency, through its link.
  exports: [DocumentsService],
})
export class DocumentsModule {}
