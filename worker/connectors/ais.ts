/**
 * Alfresco Intelligence Services (AIS) format, the seeds' `aisResponse`: the Alfresco AI content model's
 * aspects as keys, each with the distinct texts found above the confidence level, in the order first found.
 * No public example of Alfresco's own JSON exists; this shape is ours, documented in the README and pinned
 * by test/unit/ais.test.ts. Every aspect a service can fill is present, empty when nothing was found.
 */

/** Comprehend entity type -> AIS aspect. */
export const ENTITY_ASPECTS = {
  PERSON: 'ai:people',
  LOCATION: 'ai:places',
  ORGANIZATION: 'ai:organizations',
  COMMERCIAL_ITEM: 'ai:products',
  EVENT: 'ai:events',
  DATE: 'ai:dates',
  QUANTITY: 'ai:quantities',
  TITLE: 'ai:creativeWorks',
  OTHER: 'ai:things',
} as const;

export type EntityAspect = (typeof ENTITY_ASPECTS)[keyof typeof ENTITY_ASPECTS];
export type AisEntities = Record<EntityAspect, string[]>;

/** Entities already filtered by confidence. An entity type AWS adds later falls under `ai:things`. */
export function aisFromEntities(entities: { type: string; text: string }[]): AisEntities {
  const out = Object.fromEntries(Object.values(ENTITY_ASPECTS).map((aspect) => [aspect, [] as string[]])) as AisEntities;
  for (const e of entities) {
    const aspect = ENTITY_ASPECTS[e.type as keyof typeof ENTITY_ASPECTS] ?? ENTITY_ASPECTS.OTHER;
    addDistinct(out[aspect], e.text);
  }
  return out;
}

/** Rekognition labels already filtered by confidence. */
export function aisFromLabels(labels: { name: string }[]): { 'ai:labels': string[] } {
  const names: string[] = [];
  for (const l of labels) addDistinct(names, l.name);
  return { 'ai:labels': names };
}

/** Textract LINE texts already filtered by confidence, in reading order. */
export function aisFromTextLines(lines: string[]): { 'ai:textLines': string[] } {
  const out: string[] = [];
  for (const l of lines) addDistinct(out, l);
  return { 'ai:textLines': out };
}

function addDistinct(list: string[], text: string): void {
  const t = text.trim();
  if (t && !list.includes(t)) list.push(t);
}
