import { ScenarioError } from "./errors";
import { scenarioSchema } from "./schema";
import { schemasAt } from "./walk";

/** Splits `a.b[2].c` or `a.b.2.c` into segments. */
export function splitPath(path: string): string[] {
  return path
    .replace(/\[(\d+)\]/g, ".$1")
    .split(".")
    .filter((s) => s !== "");
}

/** A value that starts like a JSON object, array or string is meant as JSON: it must parse. */
const LOOKS_LIKE_JSON = /^\s*[[{"]/;

/**
 * `12` → 12, `true` → true, `{"kind":"gbm"}` → object; anything that is not JSON stays a string (`amm-twap`),
 * except a value that starts with `{`, `[` or `"`: that is malformed JSON and throws a `SyntaxError`.
 */
export function parseOverrideValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (e) {
    if (LOOKS_LIKE_JSON.test(raw)) throw e;
    return raw;
  }
}

/** The last override (as given) whose path is the field at `problemPath` or one of its parents; undefined if none. */
export function overrideSource(problemPath: string, sets: readonly string[]): string | undefined {
  const target = splitPath(problemPath);
  for (const set of [...sets].reverse()) {
    const eq = set.indexOf("=");
    if (eq <= 0) continue;
    const own = splitPath(set.slice(0, eq).trim());
    if (own.length <= target.length && own.every((seg, i) => seg === target[i])) return set;
  }
  return undefined;
}

type Json = Record<string, unknown> | unknown[];

/**
 * Applies `--set path=value` overrides to a scenario's raw JSON (before validation), returning a copy.
 * A path must exist in the schema (any variant of a union counts); missing intermediate objects are created,
 * so `oracle.latencySeconds=12` works on a file without an `oracle` section. Validation happens afterwards.
 */
export function applyOverrides(json: unknown, sets: readonly string[]): unknown {
  const out = structuredClone(json ?? {}) as unknown;
  const problems: string[] = [];
  for (const set of sets) {
    const eq = set.indexOf("=");
    if (eq <= 0) {
      problems.push(`--set ${set}: expected path=value`);
      continue;
    }
    const pathText = set.slice(0, eq).trim();
    const segments = splitPath(pathText);
    if (schemasAt(scenarioSchema, segments).length === 0) {
      problems.push(`${pathText}: no such field in the scenario schema (from --set ${set})`);
      continue;
    }
    if (typeof out !== "object" || out === null) {
      problems.push(`${pathText}: the scenario is not a JSON object`);
      continue;
    }
    let node = out as Json;
    for (let i = 0; i < segments.length - 1; i++) {
      const key = segments[i];
      const container = node as Record<string, unknown>;
      const child = container[key];
      if (typeof child !== "object" || child === null) {
        const nextIsIndex = /^\d+$/.test(segments[i + 1]);
        container[key] = nextIsIndex ? [] : {};
      }
      node = container[key] as Json;
    }
    let value: unknown;
    try {
      value = parseOverrideValue(set.slice(eq + 1));
    } catch (e) {
      problems.push(`--set ${set}: the value is malformed JSON (${(e as Error).message})`);
      continue;
    }
    (node as Record<string, unknown>)[segments[segments.length - 1]] = value;
  }
  if (problems.length > 0) throw new ScenarioError("--set", problems);
  return out;
}
