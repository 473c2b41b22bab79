/**
 * What the stand-in's Comprehend "models" answer: deterministic, from what tests register through the
 * control API (comprehend.ts validates requests, comprehend-jobs.ts runs the async jobs).
 *
 *   phrases      entities, PII entities, key phrases: every occurrence of a registered text is found,
 *                case-sensitive and exact, left to right, the longest registered text first at each
 *                position, never overlapping; offsets in Unicode code points of the text analysed
 *   languages    overrides {contains, languageCode, score} (the newest whose substring occurs wins),
 *                else a stop-word vote over en, es, fr, de, it, pt
 *   sentiments   overrides {contains, sentiment} (the newest whose substring occurs wins), else NEUTRAL
 *   classifiers  classes (and labels) per classifier endpoint ARN
 */
import { isObject } from './protocol';

export const ENTITY_TYPES = ['PERSON', 'LOCATION', 'ORGANIZATION', 'COMMERCIAL_ITEM', 'EVENT', 'DATE', 'QUANTITY', 'TITLE', 'OTHER'] as const;

/** Comprehend's PiiEntityType enum, without ALL (a filter value, never a detected type). */
export const PII_ENTITY_TYPES = [
  'ADDRESS', 'AGE', 'AWS_ACCESS_KEY', 'AWS_SECRET_KEY', 'BANK_ACCOUNT_NUMBER', 'BANK_ROUTING', 'CA_HEALTH_NUMBER',
  'CA_SOCIAL_INSURANCE_NUMBER', 'CREDIT_DEBIT_CVV', 'CREDIT_DEBIT_EXPIRY', 'CREDIT_DEBIT_NUMBER', 'DATE_TIME', 'DRIVER_ID',
  'EMAIL', 'INTERNATIONAL_BANK_ACCOUNT_NUMBER', 'IN_AADHAAR', 'IN_NREGA', 'IN_PERMANENT_ACCOUNT_NUMBER', 'IN_VOTER_NUMBER',
  'IP_ADDRESS', 'LICENSE_PLATE', 'MAC_ADDRESS', 'NAME', 'PASSPORT_NUMBER', 'PASSWORD', 'PHONE', 'PIN', 'SSN', 'SWIFT_CODE',
  'UK_NATIONAL_HEALTH_SERVICE_NUMBER', 'UK_NATIONAL_INSURANCE_NUMBER', 'UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER', 'URL',
  'USERNAME', 'US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER', 'VEHICLE_IDENTIFICATION_NUMBER',
] as const;

export const SENTIMENTS = ['POSITIVE', 'NEGATIVE', 'NEUTRAL', 'MIXED'] as const;
type Sentiment = (typeof SENTIMENTS)[number];

const DEFAULT_SCORE = 0.99;

function score(v: unknown, what: string, fallback = DEFAULT_SCORE): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) throw new Error(`${what} must be a number from 0 to 1`);
  return v;
}

function nonEmpty(v: unknown, what: string): string {
  if (typeof v !== 'string' || !v) throw new Error(`${what} must be a non-empty string`);
  return v;
}

function list(body: unknown, member: string): unknown[] {
  if (!isObject(body)) throw new Error('body must be a JSON object');
  const items = body[member];
  if (!Array.isArray(items) || items.length === 0) throw new Error(`"${member}" must be a non-empty array`);
  return items;
}

// ----------------------------------------------------------------- phrases --

export interface Phrase {
  text: string;
  type?: string | undefined;
  score: number;
}

/** A found occurrence; offsets in code points. */
export interface Occurrence extends Phrase {
  begin: number;
  end: number;
}

/** Registered texts (entities, PII entities or key phrases) and where they occur in a text. */
export class PhraseSet {
  private phrases: Phrase[] = [];
  /** First code point -> candidates, longest first (built on demand). */
  private index: Map<string, { phrase: Phrase; cps: string[] }[]> | undefined;

  /** `types`: the allowed types, or undefined for key phrases (no type). */
  constructor(
    readonly member: string,
    readonly types: readonly string[] | undefined,
  ) {}

  register(body: unknown): Phrase[] {
    const added = list(body, this.member).map((item, i) => {
      if (!isObject(item)) throw new Error(`${this.member}[${i}] must be an object`);
      const phrase: Phrase = { text: nonEmpty(item.text, `${this.member}[${i}].text`), score: score(item.score, `${this.member}[${i}].score`) };
      if (this.types) {
        if (typeof item.type !== 'string' || !this.types.includes(item.type)) {
          throw new Error(`${this.member}[${i}].type must be one of ${this.types.join(', ')}`);
        }
        phrase.type = item.type;
      } else if (item.type !== undefined) {
        throw new Error(`${this.member}[${i}] takes no type`);
      }
      return phrase;
    });
    this.phrases.push(...added);
    this.index = undefined;
    return added;
  }

  clear(): number {
    const n = this.phrases.length;
    this.phrases = [];
    this.index = undefined;
    return n;
  }

  get size(): number {
    return this.phrases.length;
  }

  /** Every occurrence in `text`, left to right, the longest registered text first, not overlapping. */
  find(text: string): Occurrence[] {
    const index = this.buildIndex();
    const cps = [...text];
    const out: Occurrence[] = [];
    for (let i = 0; i < cps.length; ) {
      const hit = index.get(cps[i]!)?.find((c) => c.cps.length <= cps.length - i && c.cps.every((cp, k) => cps[i + k] === cp));
      if (!hit) {
        i += 1;
        continue;
      }
      out.push({ ...hit.phrase, begin: i, end: i + hit.cps.length });
      i += hit.cps.length;
    }
    return out;
  }

  private buildIndex(): Map<string, { phrase: Phrase; cps: string[] }[]> {
    if (this.index) return this.index;
    const index = new Map<string, { phrase: Phrase; cps: string[] }[]>();
    const seen = new Set<string>();
    // the newest registration of a text wins
    for (let i = this.phrases.length - 1; i >= 0; i--) {
      const phrase = this.phrases[i]!;
      if (seen.has(phrase.text)) continue;
      seen.add(phrase.text);
      const cps = [...phrase.text];
      const bucket = index.get(cps[0]!) ?? [];
      bucket.push({ phrase, cps });
      index.set(cps[0]!, bucket);
    }
    for (const bucket of index.values()) bucket.sort((a, b) => b.cps.length - a.cps.length);
    this.index = index;
    return index;
  }
}

// --------------------------------------------------------------- languages --

/** A dozen very common words per language; a word of several languages votes for each. */
const STOP_WORDS: Record<string, readonly string[]> = {
  en: ['the', 'and', 'is', 'are', 'of', 'to', 'that', 'with', 'this', 'for', 'was', 'you', 'have'],
  es: ['el', 'los', 'las', 'del', 'por', 'para', 'con', 'una', 'es', 'y', 'que', 'está', 'pero', 'muy'],
  fr: ['le', 'les', 'des', 'et', 'est', 'une', 'dans', 'pour', 'pas', 'sur', 'avec', 'je', 'vous', 'nous'],
  de: ['der', 'die', 'das', 'und', 'ist', 'nicht', 'ein', 'eine', 'mit', 'ich', 'zu', 'den', 'auf', 'sie'],
  it: ['il', 'gli', 'della', 'che', 'è', 'di', 'per', 'non', 'sono', 'questo', 'anche', 'nel', 'una', 'con'],
  pt: ['o', 'os', 'não', 'uma', 'com', 'para', 'do', 'da', 'em', 'que', 'é', 'são', 'mas', 'você'],
};

export interface DominantLanguage {
  LanguageCode: string;
  Score: number;
}

const round = (n: number): number => Math.round(n * 10_000) / 10_000;

/** Overrides registered through control: the newest whose `contains` occurs in the text wins. */
class Overrides<T extends { contains: string }> {
  protected overrides: T[] = [];

  protected add(o: T): T {
    this.overrides.push(o);
    return o;
  }

  /** The newest override whose text occurs in `text`. */
  protected find(text: string): T | undefined {
    for (let i = this.overrides.length - 1; i >= 0; i--) {
      if (text.includes(this.overrides[i]!.contains)) return this.overrides[i];
    }
    return undefined;
  }

  clear(): number {
    const n = this.overrides.length;
    this.overrides = [];
    return n;
  }

  get size(): number {
    return this.overrides.length;
  }
}

export class Languages extends Overrides<{ contains: string; languageCode: string; score: number }> {
  register(body: unknown): { contains: string; languageCode: string; score: number } {
    if (!isObject(body)) throw new Error('body must be a JSON object');
    const contains = nonEmpty(body.contains, '"contains"');
    const languageCode = nonEmpty(body.languageCode, '"languageCode"');
    if (!/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/.test(languageCode)) throw new Error('"languageCode" must be an RFC 5646 code such as "fr" or "zh-TW"');
    return this.add({ contains, languageCode, score: score(body.score, '"score"') });
  }

  /** The winner first, then the runner-up of the vote when there is one. */
  detect(text: string): DominantLanguage[] {
    const o = this.find(text);
    if (o) return [{ LanguageCode: o.languageCode, Score: o.score }];
    const votes = Object.fromEntries(Object.keys(STOP_WORDS).map((l) => [l, 0])) as Record<string, number>;
    for (const word of text.toLowerCase().match(/\p{L}+/gu) ?? []) {
      for (const [lang, words] of Object.entries(STOP_WORDS)) if (words.includes(word)) votes[lang]! += 1;
    }
    const total = Object.values(votes).reduce((a, b) => a + b, 0);
    const ranked = Object.entries(votes).sort((a, b) => b[1] - a[1]);
    const top = ranked[0]![1];
    // no hits, or a tie for the first place: English
    const winner = top === 0 || ranked.filter(([, v]) => v === top).length > 1 ? 'en' : ranked[0]![0];
    const share = (lang: string): number => (total ? votes[lang]! / total : 0);
    const out: DominantLanguage[] = [{ LanguageCode: winner, Score: round(0.5 + 0.49 * share(winner)) }];
    const runnerUp = ranked.find(([l, v]) => l !== winner && v > 0);
    if (runnerUp) out.push({ LanguageCode: runnerUp[0], Score: round(0.49 * share(runnerUp[0])) });
    return out;
  }
}

// -------------------------------------------------------------- sentiments --

export class Sentiments extends Overrides<{ contains: string; sentiment: Sentiment }> {
  register(body: unknown): { contains: string; sentiment: Sentiment } {
    if (!isObject(body)) throw new Error('body must be a JSON object');
    const contains = nonEmpty(body.contains, '"contains"');
    if (typeof body.sentiment !== 'string' || !(SENTIMENTS as readonly string[]).includes(body.sentiment)) {
      throw new Error(`"sentiment" must be one of ${SENTIMENTS.join(', ')}`);
    }
    return this.add({ contains, sentiment: body.sentiment as Sentiment });
  }

  /** The chosen sentiment scores 0.91, the three others 0.03 each (the four sum to 1). */
  detect(text: string): { Sentiment: Sentiment; SentimentScore: Record<'Positive' | 'Negative' | 'Neutral' | 'Mixed', number> } {
    const sentiment: Sentiment = this.find(text)?.sentiment ?? 'NEUTRAL';
    const s = (which: Sentiment): number => (which === sentiment ? 0.91 : 0.03);
    return { Sentiment: sentiment, SentimentScore: { Positive: s('POSITIVE'), Negative: s('NEGATIVE'), Neutral: s('NEUTRAL'), Mixed: s('MIXED') } };
  }
}

// ------------------------------------------------------------- classifiers --

export const CLASSIFIER_ENDPOINT_ARN = /^arn:aws(-[^:]+)?:comprehend:[a-zA-Z0-9-]*:[0-9]{12}:document-classifier-endpoint\/[a-zA-Z0-9](-*[a-zA-Z0-9])*$/;

export interface ClassifierAnswer {
  classes?: { Name: string; Score: number }[] | undefined;
  labels?: { Name: string; Score: number }[] | undefined;
}

export class Classifiers {
  private readonly endpoints = new Map<string, ClassifierAnswer>();

  /** `{"endpointArn", "classes": [{"Name", "Score"}], "labels": [...]}`; a new registration of an endpoint replaces the old. */
  register(body: unknown): { endpointArn: string } & ClassifierAnswer {
    if (!isObject(body)) throw new Error('body must be a JSON object');
    const endpointArn = nonEmpty(body.endpointArn, '"endpointArn"');
    if (!CLASSIFIER_ENDPOINT_ARN.test(endpointArn)) {
      throw new Error('"endpointArn" must look like arn:aws:comprehend:<region>:<12 digits>:document-classifier-endpoint/<name>');
    }
    const read = (member: 'classes' | 'labels'): { Name: string; Score: number }[] | undefined => {
      const v = body[member];
      if (v === undefined) return undefined;
      if (!Array.isArray(v) || v.length === 0) throw new Error(`"${member}" must be a non-empty array`);
      return v
        .map((c, i) => {
          if (!isObject(c)) throw new Error(`${member}[${i}] must be an object`);
          return { Name: nonEmpty(c.Name, `${member}[${i}].Name`), Score: score(c.Score, `${member}[${i}].Score`) };
        })
        .sort((a, b) => b.Score - a.Score);
    };
    const answer: ClassifierAnswer = { classes: read('classes'), labels: read('labels') };
    if (!answer.classes && !answer.labels) throw new Error('give "classes" (multi-class), "labels" (multi-label) or both');
    this.endpoints.set(endpointArn, answer);
    return { endpointArn, ...answer };
  }

  get(endpointArn: string): ClassifierAnswer | undefined {
    return this.endpoints.get(endpointArn);
  }

  clear(): number {
    const n = this.endpoints.size;
    this.endpoints.clear();
    return n;
  }

  summary(): unknown[] {
    return [...this.endpoints.entries()].map(([endpointArn, a]) => ({ endpointArn, classes: a.classes?.length ?? 0, labels: a.labels?.length ?? 0 }));
  }
}

/** Everything registered for Comprehend. */
export class ComprehendModels {
  readonly entities = new PhraseSet('entities', ENTITY_TYPES);
  readonly piiEntities = new PhraseSet('entities', PII_ENTITY_TYPES);
  readonly keyPhrases = new PhraseSet('keyPhrases', undefined);
  readonly languages = new Languages();
  readonly sentiments = new Sentiments();
  readonly classifiers = new Classifiers();

  clear(): void {
    this.entities.clear();
    this.piiEntities.clear();
    this.keyPhrases.clear();
    this.languages.clear();
    this.sentiments.clear();
    this.classifiers.clear();
  }

  summary(): unknown {
    return {
      entities: this.entities.size,
      piiEntities: this.piiEntities.size,
      keyPhrases: this.keyPhrases.size,
      languages: this.languages.size,
      sentiments: this.sentiments.size,
      classifiers: this.classifiers.summary(),
    };
  }
}
