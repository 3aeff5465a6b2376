/**
 * Walks the scenario schema the way the docs generator, `--set` overrides and error messages need it:
 * through defaults, objects, arrays and discriminated unions. Reads zod 4's public `def` objects only.
 */
import type { z } from "zod";

type Def = {
  type: string;
  innerType?: z.ZodType;
  defaultValue?: unknown;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  entries?: Record<string, string>;
  values?: unknown[];
};

export const defOf = (schema: z.ZodType): Def => (schema as unknown as { def: Def }).def;

const WRAPPERS = new Set(["default", "prefault", "optional", "nullable", "readonly", "catch", "nonoptional"]);

/** Strips defaults, optionals and transforms; returns the core schema and the outermost default, if any. */
export function unwrap(schema: z.ZodType): { core: z.ZodType; default?: unknown; hasDefault: boolean } {
  let s = schema;
  let found: { value: unknown } | undefined;
  for (;;) {
    const def = defOf(s);
    if ((def.type === "default" || def.type === "prefault") && !found) found = { value: def.defaultValue };
    if (WRAPPERS.has(def.type) && def.innerType) s = def.innerType;
    else if (def.type === "pipe" && def.in) s = def.in;
    else break;
  }
  return { core: s, default: found?.value, hasDefault: found !== undefined };
}

/** The object variants a schema stands for: one for an object, each option for a discriminated union. */
export function objectVariants(schema: z.ZodType): { shape: Record<string, z.ZodType>; tag?: string }[] {
  const def = defOf(unwrap(schema).core);
  if (def.type === "object" && def.shape) return [{ shape: def.shape }];
  if (def.type === "union" && def.options) {
    return def.options.flatMap((o) => objectVariants(o).map((v) => ({ ...v, tag: variantTag(o, def.discriminator) })));
  }
  return [];
}

function variantTag(option: z.ZodType, discriminator: string | undefined): string | undefined {
  if (!discriminator) return undefined;
  const d = defOf(unwrap(option).core);
  const lit = d.shape?.[discriminator];
  return lit ? String(defOf(lit).values?.[0]) : undefined;
}

/** Allowed values of the discriminator of the union at `schema`, if it is one. */
export function discriminatorValues(schema: z.ZodType): { key: string; values: string[] } | undefined {
  const def = defOf(unwrap(schema).core);
  if (def.type !== "union" || !def.discriminator || !def.options) return undefined;
  const key = def.discriminator;
  return { key, values: def.options.map((o) => variantTag(o, key) ?? "?") };
}

/** Every schema a path can lead to (more than one across union variants); [] when the path does not exist. */
export function schemasAt(root: z.ZodType, path: readonly PropertyKey[]): z.ZodType[] {
  let current: z.ZodType[] = [root];
  for (const segment of path) {
    const next: z.ZodType[] = [];
    for (const s of current) {
      const core = defOf(unwrap(s).core);
      if (core.type === "array" && core.element && /^\d+$/.test(String(segment))) next.push(core.element);
      for (const v of objectVariants(s))
        if (typeof segment !== "symbol" && Object.hasOwn(v.shape, segment)) next.push(v.shape[String(segment)]);
    }
    current = next;
    if (current.length === 0) return [];
  }
  return current;
}
