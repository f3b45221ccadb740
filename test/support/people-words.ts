import type { createRenderer } from '@hubspot/ui-extensions/testing';
import { appProperties } from '../../src/hubspot/schema/index.ts';
import { DEFAULT_SCHEMA } from '../../src/sandbox/crm/default-schema.ts';

/**
 * "People's words only": finds internal names in text a person reads. Reusable by any test that
 * renders a card, a page, a note or CLI output: pass the texts, get back each leak with what it is.
 */

type Renderer = ReturnType<typeof createRenderer>;
type Node = ReturnType<Renderer['getRootNode']>['childNodes'][number];

/** Option values that are plain English in any case: seeing them as text is not a leak. */
const ENGLISH = new Set([
  'new',
  'renewal',
  'expansion',
  'private',
  'public',
  'none',
  'true',
  'false',
  'container',
  'services',
  'commit',
  'draft',
  'submitted',
  'accepted',
  'rejected',
  'won',
  'lost',
  'expired',
  'requested',
  'approved',
  'withdrawn',
  'invalidated',
  'timing',
  'active',
  'released',
  'pending',
  'direct',
  'other',
  'default',
  'alliance',
  'sales',
  'partner',
  'marketing',
]);

/** Raw values of the app's enumerations and of HubSpot's own, that differ from what people see. */
function rawEnumValues(): string[] {
  const values = new Set<string>();
  const consider = (value: string, label: string) => {
    if (value === label || ENGLISH.has(value.toLowerCase())) return;
    // snake_case, route ids and SHOUTING_CASE are never words; lowercase tokens only when the label spells them otherwise.
    if (/[_:]/.test(value) || /^[a-z][a-z0-9]+$/.test(value)) values.add(value);
  };
  for (const property of appProperties) for (const option of property.options ?? []) consider(option.value, option.label);
  for (const schema of Object.values(DEFAULT_SCHEMA)) {
    for (const property of schema.properties) for (const option of property.options) consider(option.value, option.label);
  }
  return [...values].filter((value) => value.length >= 3);
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const PATTERNS: ReadonlyArray<{ what: string; pattern: RegExp }> = [
  { what: 'property name', pattern: /\b(?:cosell|hs)_[a-z0-9_]+\b/ },
  { what: 'route id', pattern: /\bmarketplace:[a-z]+\b/ },
  { what: 'qualified property name', pattern: /\b(?:deal|company)\.[a-z_]+\b/ },
  { what: 'HubSpot enumeration value', pattern: /\b[A-Z]{2,}(?:_[A-Z0-9]+)+\b/ },
  ...rawEnumValues().map((value) => ({ what: `raw value "${value}"`, pattern: new RegExp(`(?<![\\w./@-])${escape(value)}(?![\\w/@-]|\\.\\w)`) })),
];

export interface InternalName {
  what: string;
  match: string;
  text: string;
}

/** Every internal name in `texts` (property names, route ids, raw enumeration values). */
export function findInternalNames(texts: readonly string[]): InternalName[] {
  const found: InternalName[] = [];
  for (const text of texts) {
    // A bare "direct" value alone in a cell is the route id; inside a sentence it is a word.
    if (text.trim() === 'direct') found.push({ what: 'route id', match: 'direct', text });
    for (const { what, pattern } of PATTERNS) {
      const match = pattern.exec(text);
      if (match) found.push({ what, match: match[0], text });
    }
  }
  return found;
}

/** Props whose strings people read (titles, labels, descriptions, placeholders, option labels). */
const READ_PROPS = ['title', 'label', 'description', 'placeholder', 'tooltip', 'tooltipText', 'alt'];

/** Every piece of text a person can read in what a renderer rendered, collapsed sections included. */
export function renderedTexts(renderer: Renderer): string[] {
  const texts: string[] = [];
  const visit = (node: Node) => {
    if (!('props' in node)) {
      if (node.text.trim()) texts.push(node.text);
      return;
    }
    const props = node.props as Record<string, unknown>;
    for (const name of READ_PROPS) if (typeof props[name] === 'string') texts.push(props[name]);
    if (Array.isArray(props.options)) {
      for (const option of props.options as unknown[]) {
        if (option && typeof option === 'object' && 'label' in option && typeof option.label === 'string') texts.push(option.label);
      }
    }
    // Element texts join their children, so a value split across nodes ("Route chosen: " + value) is seen whole.
    if (node.text?.trim()) texts.push(node.text);
    for (const child of node.childNodes) visit(child);
  };
  for (const child of renderer.getRootNode().childNodes) visit(child);
  return texts;
}
