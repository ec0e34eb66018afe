/** Prefixed, sortable record ids (`inv_01J…`): a person or a model can tell the type from the id. */
import { monotonicFactory, type PRNG } from "ulidx";

const ulid = monotonicFactory();
const ID_RE = /^([a-z]{2,5})_([0-9A-HJKMNP-TV-Z]{26})$/;

/** The pattern of ids with this prefix (any prefix when omitted), for input schemas. */
export function idPattern(prefix?: string): RegExp {
  return new RegExp(`^${prefix ?? "[a-z]{2,5}"}_[0-9A-HJKMNP-TV-Z]{26}$`);
}

export function newId(prefix: string): string {
  return `${prefix}_${ulid()}`;
}

/** A deterministic id source for the demo seed: same seed and clock → same ids. */
export function deterministicIds(prng: PRNG, startMs: number): (prefix: string) => string {
  const gen = monotonicFactory(prng);
  let clock = startMs;
  return (prefix) => `${prefix}_${gen(clock++)}`;
}

export function isId(value: unknown, prefix?: string): value is string {
  if (typeof value !== "string") return false;
  const m = ID_RE.exec(value);
  return m !== null && (prefix === undefined || m[1] === prefix);
}

export function idPrefix(id: string): string | undefined {
  return ID_RE.exec(id)?.[1];
}
