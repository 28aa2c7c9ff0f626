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
type CaseMovesMessageKey = MessageKey<typeof id>;

const catalogue = compileCatalogue<CaseMovesMessageKey>('case-moves', { id, en });

/*
 * The contexts carry case numbers and agency names, never a victim's name, the case's title or a
 * reason staff wrote (which may name people): a forwarded message gives away no more than that.
 */

export interface AssignmentContext {
  language: MessageLanguage;
  recipientName: string;
  caseNumbers: string[];
  queueUrl: string;
}

export interface TransferContext {
  language: MessageLanguage;
  recipientName: string;
  caseNumber: string;
  fromAgency: string;
  toAgency: string;
  /** requested, or the decision: accepted, refused, withdrawn. */
  event: 'requested' | 'accepted' | 'refused' | 'withdrawn';
  transferUrl: string;
}

function sayer(language: MessageLanguage) {
  const copy = copyLanguageOf(language);
  return (key: CaseMovesMessageKey, values?: MessageValues) => catalogue.format(copy, key, values);
}

export function renderAssignment(ctx: AssignmentContext): RenderedMessage {
  const say = sayer(ctx.language);
  const count = ctx.caseNumbers.length;
  return {
    subject: `[Jejak] ${say('assignment.subject', { count })}`,
    text: [
      say('greeting', { recipientName: ctx.recipientName }),
      '',
      say('assignment.intro', { count }),
      ...ctx.caseNumbers.map((number) => `- ${number}`),
      '',
      say('openInJejak'),
      ctx.queueUrl,
      '',
      say('footer'),
    ].join('\n'),
  };
}

export function renderTransfer(ctx: TransferContext): RenderedMessage {
  const say = sayer(ctx.language);
  const values = {
    caseNumber: ctx.caseNumber,
    fromAgency: ctx.fromAgency,
    toAgency: ctx.toAgency,
    decision: ctx.event,
  };
  const requested = ctx.event === 'requested';
  return {
    subject: `[Jejak] ${say(requested ? 'transferRequested.subject' : 'transferDecided.subject', values)}`,
    text: [
      say('greeting', { recipientName: ctx.recipientName }),
      '',
      say(requested ? 'transferRequested.intro' : 'transferDecided.intro', values),
      '',
      say('openInJejak'),
      ctx.transferUrl,
      '',
      say('footer'),
    ].join('\n'),
  };
}

export const STAFF_LANGUAGE = MessageLanguage.Indonesian;
