/**
 * Listed assets and markets (`assets[]`, `markets[]`) start from the scenario's top-level fields and override only
 * what they name. Their schemas are the top-level ones without defaults (`overridableShape`): a field keeps its type
 * and range, an absent field stays absent, and `mergeOver` lays the named fields over the top-level values. A union
 * field (`path`, `size`, `liquidation.auction.curve`) is replaced whole when named: its variant's own defaults fill it.
 */
import { z } from "zod";
import { fieldMeta } from "./field";
import { defOf, unwrap } from "./walk";

/** Where a listed field takes its default from; `whole`: documented as one row (its fields are the top-level's). */
export interface Inherited {
  from: string;
  whole: boolean;
}

/** Marks fields of listed assets and markets whose default is a top-level field (read by the docs generator). */
export const inherited = z.registry<Inherited>();

/** Unit and description of an inherited object or union field that has none of its own. */
function wholeMeta(from: string, union: boolean) {
  return union
    ? {
        unit: "object (a `kind` variant)",
        description: `As \`${from}\`; when named it replaces that whole (its kind's defaults fill the rest).`,
      }
    : { unit: "object", description: `Fields as \`${from}\`, each absent one taken from there.` };
}

/** The fields of object `schema`, each optional and without its default, unions kept whole; field meta kept. */
export function overridableShape(schema: z.ZodType, from: string): Record<string, z.ZodType> {
  const def = defOf(unwrap(schema).core);
  if (def.type !== "object" || !def.shape) throw new Error(`overridableShape: ${from} is not an object schema`);
  const shape: Record<string, z.ZodType> = {};
  for (const [key, child] of Object.entries(def.shape)) {
    const childFrom = `${from}.${key}`;
    const core = unwrap(child).core;
    const childDef = defOf(core);
    const stripped = childDef.type === "object" ? z.strictObject(overridableShape(core, childFrom)) : core;
    const out = stripped.optional();
    const whole = childDef.type === "object" || childDef.type === "union";
    fieldMeta.add(out, fieldMeta.get(child) ?? wholeMeta(childFrom, childDef.type === "union"));
    inherited.add(out, { from: childFrom, whole });
    shape[key] = out;
  }
  return shape;
}

/** `overridableShape` as a strict object, marked as inheriting `from` as a whole. */
export function overridable(schema: z.ZodType, from: string): z.ZodType<Record<string, unknown>> {
  return z.strictObject(overridableShape(schema, from));
}

/** Marks `schema` (already described with `field`) as defaulting to the top-level field `from`. */
export function inherits<T extends z.ZodType>(schema: T, from: string, whole = true): T {
  inherited.add(schema, { from, whole });
  return schema;
}

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === "object" && x !== null && !Array.isArray(x);

/**
 * Lays `override` over `base`, guided by `schema` (the full top-level schema): objects merge key by key; unions,
 * arrays, leaves and `null` replace. An absent override leaves the base as it is; keys `schema` does not have (an
 * entry's own fields, such as `id`) are left out.
 */
export function mergeOver<T>(schema: z.ZodType, base: T, override: unknown): T {
  if (override === undefined) return base;
  const def = defOf(unwrap(schema).core);
  if (def.type !== "object" || !def.shape || !isPlainObject(base) || !isPlainObject(override)) return override as T;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const child = def.shape[key];
    if (child) out[key] = mergeOver(child, out[key], value);
  }
  return out as T;
}
