/**
 * A scenario's path spec (today's `PathSpec` kinds, or the `depeg` kind) as a `multi-path.ts` asset path: GBM kinds
 * (`gbm`, `jump`, `regime`) keep their randomness inside the correlated generator; deterministic and replayed kinds
 * (`step`, `linear`, `csv`) are computed by `paths.ts` and passed as given prices.
 */
import type { PathSpec } from "./scenario";
import { type PathContext, generatePath } from "./paths";
import type { AssetPath, DepegAssetPath } from "./multi-path";

/** The `depeg` path kind as a scenario writes it (fields as `DepegAssetPath`, see `depeg.ts` for units). */
export type DepegPathSpec = Omit<DepegAssetPath, "seed"> & { seed?: string };

export function assetPathFromSpec(spec: PathSpec | DepegPathSpec, ctx: PathContext): AssetPath {
  switch (spec.kind) {
    case "gbm":
    case "jump":
    case "regime":
      return {
        kind: "gbm",
        initialPrice: spec.initialPrice,
        driftPerYear: spec.driftPerYear,
        volatilityPerYear: spec.volatilityPerYear,
        jumps:
          spec.kind === "jump"
            ? { probability: spec.jumpProbability, mean: spec.jumpMean, stdDev: spec.jumpStdDev }
            : undefined,
        regime:
          spec.kind === "regime"
            ? {
                atBlock: spec.shiftBlock,
                driftPerYear: spec.driftAfterPerYear,
                volatilityPerYear: spec.volatilityAfterPerYear,
              }
            : undefined,
        seed: spec.seed,
      };
    case "depeg":
      return {
        kind: "depeg",
        peg: spec.peg,
        lowPct: spec.lowPct,
        startBlock: spec.startBlock,
        durationBlocks: spec.durationBlocks,
        recoveryHalfLifeBlocks: spec.recoveryHalfLifeBlocks,
        noise: spec.noise,
        seed: spec.seed,
      };
    default:
      return { kind: "given", prices: generatePath(spec, ctx) };
  }
}
