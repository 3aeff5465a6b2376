/** Number shapes shared by the scenario schema's sections. */
import { z } from "zod";

export const nonNeg = () => z.number().nonnegative();
export const pos = () => z.number().positive();
export const ratio = () => z.number().min(0).max(1);
export const int = () => z.number().int();
export const bps = () => z.number().int().min(0).max(10_000);

/** Flags `min > max` on the field `min`, for range-shaped distributions. */
export function minNotAboveMax(ctx: { value: object; issues: z.core.$ZodRawIssue[] }) {
  const v = ctx.value as { min?: number; max?: number };
  if (v.min !== undefined && v.max !== undefined && v.min > v.max) {
    ctx.issues.push({ code: "custom", input: v.min, path: ["min"], message: `must be <= max (${v.max})` });
  }
}

/** Ids of assets, markets, entities, populations and lender groups: `eth`, `steth`, `main`, `fund-a`. */
export const ID_PATTERN = /^[a-z][a-z0-9-]*$/;
export const idString = () =>
  z.string().regex(ID_PATTERN, "must start with a lower-case letter and use only a-z, 0-9 and '-'");
