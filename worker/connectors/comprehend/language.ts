import { DetectDominantLanguageCommand, type ComprehendClient } from '@aws-sdk/client-comprehend';
import { callAws } from '../../aws/errors';
import { ConnectorError } from '../../runtime/errors';
import { codePoints, utf8Prefix } from './chunks';
import type { CallOptions } from './call-options';

/** Languages of DetectEntities, DetectKeyPhrases and DetectSentiment (Comprehend's LanguageCode enum). */
export const TEXT_LANGUAGES = ['en', 'es', 'fr', 'de', 'it', 'pt', 'ar', 'hi', 'ja', 'ko', 'zh', 'zh-TW'];
/** DetectPiiEntities reads fewer. */
export const PII_LANGUAGES = ['en', 'es'];

/** DetectDominantLanguage needs at least 20 characters; shorter text is taken as this language. */
export const DEFAULT_LANGUAGE = 'en';
const MIN_DETECTION_CHARACTERS = 20;
/** The beginning of the text tells its language; more is slower and costs more (seed 000: 5000 bytes). */
const DETECTION_SAMPLE_BYTES = 5000;

/**
 * The language to analyse in: the one given, else the one Comprehend detects in the beginning of the text.
 * A language the operation cannot read is UNSUPPORTED_LANGUAGE before it is called.
 */
export async function languageOf(client: ComprehendClient, text: string, given: string | undefined, supported: string[], call: CallOptions = {}): Promise<string> {
  let code = given;
  if (code === undefined) {
    if (codePoints(text.trim()) < MIN_DETECTION_CHARACTERS) return DEFAULT_LANGUAGE;
    const answer = await callAws('Comprehend DetectDominantLanguage', () => client.send(new DetectDominantLanguageCommand({ Text: utf8Prefix(text, DETECTION_SAMPLE_BYTES) }), call));
    code = answer.Languages?.[0]?.LanguageCode;
    if (!code) throw new ConnectorError('INVALID_RESULT_FORMAT', 'Comprehend DetectDominantLanguage answered no language');
  }
  if (!supported.includes(code)) {
    throw new ConnectorError('UNSUPPORTED_LANGUAGE', `The text's language (${code}) cannot be analysed this way; supported: ${supported.join(', ')}`, {
      path: given === undefined ? undefined : 'action.languageCode',
      variables: { languageCode: code },
    });
  }
  return code;
}
