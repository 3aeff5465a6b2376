/**
 * The perp cascade preset's shape (the standalone driver's own schema: the engine's scenario has no `perp` section
 * yet, see docs/derivatives-perp.md "What is not integrated"). Every field has its unit and default here.
 */
import { z } from "zod";

const pos = () => z.number().positive();
const nonNeg = () => z.number().min(0);
const int = () => z.number().int();

export const perpPresetSchema = z.strictObject({
  name: z.string().describe("Preset name (output folder)."),
  description: z.string().default("").describe("What the preset reproduces."),
  seed: z.string().default("perp").describe("Seed of every random draw (same seed, same bytes)."),
  steps: int().min(1).default(300).describe("Steps of the run (each `stepSeconds`)."),
  stepSeconds: int().min(2).default(12).describe("Seconds per step (s)."),
  initialPrice: pos().default(4_300).describe("External price of the base at the start, debt tokens per base token."),
  shock: z
    .strictObject({
      startStep: int().min(0).default(20).describe("Step at which the exogenous fall starts."),
      steps: int().min(1).default(120).describe("Steps over which it falls (linear in log price)."),
      fallPct: z.number().min(0).max(95).default(12).describe("Exogenous fall of the external price (%)."),
    })
    .prefault({}),
  externalDepthUsd: pos()
    .default(200_000_000)
    .describe("External market depth: net selling of X debt tokens moves its price by exp(-X / depth)."),
  pool: z
    .strictObject({
      baseReserve: pos().default(10_000).describe("Base tokens in the pool at the start."),
      feeBps: int().min(0).max(1_000).default(30).describe("Pool fee (bps)."),
    })
    .prefault({}),
  oracleUpdateEverySteps: int()
    .min(1)
    .default(1)
    .describe("The updater submits the external price every this many steps (a heartbeat: the mark moves in jumps)."),
  oracleLatencySeconds: int().min(0).default(12).describe("Latency of the lagged feed that gives the mark (s)."),
  vault: z
    .strictObject({
      cash: pos().default(60_000_000).describe("Debt tokens funding the vault (longs' hedges)."),
      base: nonNeg().default(2_000).describe("Base tokens funding the vault (shorts' hedges)."),
      unwindPerStep: nonNeg().default(20).describe("Base tokens of backstop inventory the vault sells per step."),
    })
    .prefault({}),
  insuranceFund: nonNeg().default(20_000).describe("Insurance fund at the start (debt tokens)."),
  longs: z
    .strictObject({
      count: int().min(0).default(40).describe("Leveraged long traders."),
      medianNotional: pos().default(150_000).describe("Median position notional (debt tokens), lognormal."),
      notionalSigma: nonNeg().default(0.8).describe("Lognormal sigma of notionals."),
      minLeverage: pos().default(5).describe("Lowest leverage drawn (×)."),
      maxLeverage: pos().default(19).describe("Highest leverage drawn (×), at most the market's maxLeverage."),
    })
    .prefault({}),
  shorts: z
    .strictObject({
      count: int().min(0).default(12).describe("Short traders (the ADL counterparties)."),
      medianNotional: pos().default(80_000).describe("Median position notional (debt tokens), lognormal."),
      notionalSigma: nonNeg().default(0.5).describe("Lognormal sigma of notionals."),
      minLeverage: pos().default(2).describe("Lowest leverage drawn (×)."),
      maxLeverage: pos().default(10).describe("Highest leverage drawn (×)."),
    })
    .prefault({}),
  market: z
    .record(z.string(), z.union([z.string(), z.number()]))
    .default({})
    .describe("Overrides of the market's parameters by name (scripts/derivatives/perp/params.ts), as integers."),
});

export type PerpPreset = z.infer<typeof perpPresetSchema>;
