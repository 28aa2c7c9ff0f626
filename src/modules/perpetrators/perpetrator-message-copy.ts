import { MessageLanguage } from '../agencies/agency.enums';
import {
  compileCatalogue,
  type MessageKey,
  type MessageValues,
} from '../notifications/message-catalogue';
import { copyLanguageOf, type RenderedMessage } from '../notifications/rendered-message';
import en from './messages/en.json';
import id from './messages/id.json';

/** The wording is in messages/id.json and messages/en.json, for translators to edit. */
type PerpetratorMessageKey = MessageKey<typeof id>;

const catalogue = compileCatalogue<PerpetratorMessageKey>('perpetrators', { id, en });

/**
 * A merge message names no perpetrator (the register's names are suspects' personal data) and no
 * other agency (it would tell the reader that agency has a case on this recruiter): only the
 * reader's own cases and a link to the record.
 */
export interface MergedContext {
  language: MessageLanguage;
  recipientName: string;
  /** The recipient agency's cases linked to the record that stays. */
  caseNumbers: string[];
  perpetratorUrl: string;
}

export function renderMerged(ctx: MergedContext): RenderedMessage {
  const copy = copyLanguageOf(ctx.language);
  const say = (key: PerpetratorMessageKey, values?: MessageValues) =>
    catalogue.format(copy, key, values);
  const count = ctx.caseNumbers.length;
  return {
    subject: `[Jejak] ${say('merged.subject')}`,
    text: [
      say('greeting', { recipientName: ctx.recipientName }),
      '',
      say('merged.intro'),
      '',
      ...(count > 0
        ? [say('merged.cases', { count }), ...ctx.caseNumbers.map((number) => `- ${number}`)]
        : [say('merged.noCases')]),
      '',
      say('openInJejak'),
      ctx.perpetratorUrl,
      '',
      say('footer'),
    ].join('\n'),
  };
}
