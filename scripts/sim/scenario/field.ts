import { z } from "zod";

/** What the reference docs print for one scenario field. */
export interface FieldMeta {
  /** Unit of the JSON value, e.g. "debt tokens", "seconds", "ratio (0.8 = 80%)", "bps". */
  unit: string;
  description: string;
}

/** Unit and description of every field, keyed by the field's (outermost) schema. */
export const fieldMeta = z.registry<FieldMeta>();

/**
 * Records a field's unit and description once, beside its validation and default. Also sets zod's own
 * description as `unit: …; …` so JSON-schema output carries the same text.
 */
export function field<T extends z.ZodType>(schema: T, unit: string, description: string): T {
  const described = schema.describe(`unit: ${unit}; ${description}`) as T;
  fieldMeta.add(described, { unit, description });
  return described;
}

/** Units used across the schema, so tables read the same everywhere. */
export const UNIT = {
  debtTokens: "debt tokens",
  collateralTokens: "collateral tokens",
  price: "debt tokens per collateral token",
  ratio: "ratio (0.8 = 80%)",
  bps: "bps (100 = 1%)",
  pct: "percent",
  seconds: "seconds",
  blocks: "blocks",
  count: "count",
  gas: "gas",
  gwei: "gwei",
  perYear: "ratio per year",
  text: "text",
  enum: "enum",
  decimals: "decimals",
  probability: "probability per block",
  logReturn: "log return",
  id: "id",
  assetTokens: "tokens of the asset",
} as const;
