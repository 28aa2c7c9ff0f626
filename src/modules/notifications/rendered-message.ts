import { MessageLanguage } from '../agencies/agency.enums';

/** A message as every channel sends it: email as is, a webhook inside its JSON body. */
export interface RenderedMessage {
  subject: string;
  text: string;
}

/** The languages messages are written in. */
export type CopyLanguage = 'id' | 'en';

export function copyLanguageOf(language: MessageLanguage): CopyLanguage {
  // Indonesian is the product's language: anything not explicitly English is read in it.
  return language === MessageLanguage.English ? 'en' : 'id';
}
