// An organisation's settings for FirstSeen, from Firefox enterprise policies (policies.json's
// 3rdparty.Extensions section, served to the add-on as storage.managed). They are checked against
// the schema shipped with the add-on (extension/managed-schema.json) and then for meaning; a policy
// that fails either is refused whole, so nothing is ever half-applied.
import { Validator, type OutputUnit } from '@cfworker/json-schema';
import schema from '../../extension/managed-schema.json';
import { parseHostPattern, type ParsedPattern } from './host-pattern.js';
import { NO_MANAGED_POLICY, type InspectionRoot, type LockedOptions, type ManagedState } from './managed-rules.js';
import type { HostMode } from './policy.js';
import type { Pin } from './pin.js';

const validator = new Validator(schema as object, '2020-12', false);

// Wrapping keywords only say that something inside failed; the innermost errors say what.
const WRAPPERS = /^(?:properties|items|\$ref|additionalProperties|oneOf|anyOf)$/;

/** What one schema error means to the administrator who wrote the policy. */
function meaning(e: OutputUnit): string {
  if (e.keyword === 'false') return 'FirstSeen has no such setting';
  if (e.keyword === 'pattern' && /sha256/.test(e.instanceLocation)) return 'not a SHA-256 digest in padded base64 (44 characters ending in =)';
  if (e.keyword === 'pattern' && /expires/.test(e.instanceLocation)) return 'not a date (YYYY-MM-DD) or an ISO 8601 moment with a time zone';
  return e.error;
}

/** "at /pins/0/sha256/0: ..." for the first few schema errors. */
function schemaErrors(errors: readonly OutputUnit[]): string {
  const inner = errors.filter((e) => !WRAPPERS.test(e.keyword));
  const shown = (inner.length > 0 ? inner : errors).slice(0, 3);
  return shown.map((e) => `at ${e.instanceLocation.replace(/^#/, '') || '/'}: ${meaning(e)}`).join('; ');
}

/** The moment a date or date-time names; NaN for a day that does not exist (2028-02-30 is not 1 March). */
function expiryOf(text: string | undefined): number | null {
  if (text === undefined) return null;
  const at = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
  const [y, m, d] = text.slice(0, 10).split('-').map(Number);
  const day = new Date(Date.UTC(y!, m! - 1, d!));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m! - 1 && day.getUTCDate() === d ? at : NaN;
}

/** A pattern's one spelling: "BANK.example", " bank.example" and "bank.example" are one. */
function canonical(p: ParsedPattern): string {
  if (p.kind === 'ip') return '<ip>';
  return `${p.kind === 'exact' ? '' : p.kind === 'one-label' ? '*.' : '**.'}${p.name}${p.port !== null ? `:${p.port}` : ''}`;
}

/**
 * Reads the object storage.managed holds. Undefined or an empty object is no policy. Errors name
 * the place in the policy and what is wrong, for the administrator who wrote it.
 */
export function readManagedPolicy(value: unknown): ManagedState {
  if (value === undefined || value === null || (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0)) {
    return NO_MANAGED_POLICY;
  }
  const result = validator.validate(value);
  if (!result.valid) return { status: 'refused', reason: `the policy does not follow FirstSeen's schema (${schemaErrors(result.errors)})` };
  const v = value as {
    pins?: { pattern: string; sha256: string[]; expires?: string }[];
    modes?: Record<string, HostMode>;
    inspectionRoots?: { name: string; sha256: string; domains?: 'all' | string[] }[];
    locked?: LockedOptions;
  };
  const badPattern = (where: string, pattern: string): string | null => {
    const parsed = parseHostPattern(pattern);
    return typeof parsed === 'string' ? `at ${where}: "${pattern}" is not a host pattern (${parsed})` : null;
  };
  const pins: Pin[] = [];
  for (const [i, p] of (v.pins ?? []).entries()) {
    const wrong = badPattern(`/pins/${i}/pattern`, p.pattern);
    if (wrong) return { status: 'refused', reason: wrong };
    const expiresAt = expiryOf(p.expires);
    if (expiresAt !== null && Number.isNaN(expiresAt)) return { status: 'refused', reason: `at /pins/${i}/expires: "${p.expires}" is not a date` };
    for (const spkiSha256 of p.sha256) pins.push({ pattern: p.pattern.trim(), spkiSha256, addedAt: 0, expiresAt, managed: true });
  }
  // Two spellings of one pattern with two modes would be settled by key order: refused instead.
  const modes: Record<string, HostMode> = {};
  const spelled = new Map<string, string>();
  for (const [pattern, mode] of Object.entries(v.modes ?? {})) {
    const parsed = parseHostPattern(pattern);
    if (typeof parsed === 'string') return { status: 'refused', reason: `at /modes: "${pattern}" is not a host pattern (${parsed})` };
    const key = canonical(parsed);
    const other = spelled.get(key);
    if (other !== undefined) return { status: 'refused', reason: `at /modes: "${other}" and "${pattern}" are the same pattern` };
    spelled.set(key, pattern);
    modes[key] = mode;
  }
  const inspectionRoots: InspectionRoot[] = [];
  for (const [i, r] of (v.inspectionRoots ?? []).entries()) {
    const domains = r.domains === undefined || r.domains === 'all' ? null : r.domains.map((d) => d.trim());
    for (const [j, d] of (domains ?? []).entries()) {
      const wrong = badPattern(`/inspectionRoots/${i}/domains/${j}`, d);
      if (wrong) return { status: 'refused', reason: wrong };
    }
    inspectionRoots.push({ name: r.name.trim(), spkiSha256: r.sha256, domains });
  }
  return { status: 'applied', policy: { pins, modes, inspectionRoots, locked: { ...v.locked } } };
}

