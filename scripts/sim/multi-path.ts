/**
 * Exogenous price paths for several assets that move together, one price per block (index i = block i, i = 0 …
 * blocks−1), in debt tokens per asset token. Floats: a path is an input, converted with `toWad` at the chain boundary.
 *
 * - `gbm`: geometric Brownian motion with exact log-normal steps (as `paths.ts`'s `gbmPath`), optional Merton jumps
 *   and regime shift. The Gaussian shocks of all assets are correlated: z = L × ε, L the Cholesky factor of
 *   `correlation` (in `assets[]` order), ε independent standard normals, one stream per asset.
 * - `depeg`: a pegged asset (`depeg.ts`): flat at the peg, linear fall to the trough, exponential recovery; with
 *   `noise` (standard deviation of the log price around that curve, per block), `price × exp(noise × z)`, z the
 *   asset's correlated shock.
 * - `given`: prices computed elsewhere (a `step`, `linear` or `csv` path from `paths.ts`); no shocks.
 * - `commonJumps`: one jump arrival shared by the assets it lists, each with its own log-size law, on top of each
 *   asset's own (idiosyncratic) jumps.
 *
 * Random streams (seeded `Rng`, so the same spec and seed give the same paths): asset k draws from `path.seed`, else
 * `<seed>/path` for the first asset (the single-asset stream, so a one-asset world keeps its numbers) and
 * `<seed>/path/<id>` for the others; every block i > 0 it draws ε, then a uniform and a normal for its jump, whether
 * or not it has jumps (as `gbmPath`, so a lone uncorrelated GBM asset reproduces `gbmPath` exactly). Common jumps
 * draw from `<seed>/path/common-jumps`: a uniform, then one normal per listed asset in `assets[]` order.
 */
import { Rng } from "./random";
import { CorrelationError, choleskyFactor, correlate, identityCorrelation } from "./correlation";
import { type DepegParams, depegPrice, validateDepeg } from "./depeg";
import { depegNoiseFactor } from "./depeg-path";

/** An asset id (`^[a-z][a-z0-9-]*$`, e.g. "eth", "steth"), as the scenario's `assets[].id`. */
export type AssetId = string;

const SECONDS_PER_YEAR = 365 * 24 * 3600;

/** Log-normal jump sizes: the log of the price multiplier is N(mean, stdDev). */
export interface JumpSize {
  mean: number;
  stdDev: number;
}

export interface GbmAssetPath {
  kind: "gbm";
  /** Price at block 0, debt tokens per token (> 0). */
  initialPrice: number;
  /** Per year (continuous compounding); volatility ≥ 0. */
  driftPerYear: number;
  volatilityPerYear: number;
  /** Idiosyncratic jumps: probability per block in [0, 1], and the log-size law. */
  jumps?: JumpSize & { probability: number };
  /** From block `atBlock` on, another drift and volatility (per year). */
  regime?: { atBlock: number; driftPerYear: number; volatilityPerYear: number };
  seed?: string;
}

export interface DepegAssetPath extends DepegParams {
  kind: "depeg";
  /** Standard deviation of the log price around the depeg curve, per block (≥ 0; default 0 = none). */
  noise?: number;
  seed?: string;
}

export interface GivenAssetPath {
  kind: "given";
  /** One price per block (at least `blocks` of them). */
  prices: readonly number[];
}

export type AssetPath = GbmAssetPath | DepegAssetPath | GivenAssetPath;

export interface MultiPathSpec {
  assets: readonly { id: AssetId; path: AssetPath }[];
  /** Correlation of the Gaussian shocks, n × n in `assets[]` order; default the identity (independent). */
  correlation?: readonly (readonly number[])[];
  /** A jump arrival shared by several GBM assets: probability per block in [0, 1], log-size law per asset. */
  commonJumps?: { probability: number; sizes: Readonly<Record<AssetId, JumpSize>> };
}

export interface MultiPathContext {
  blocks: number;
  blockTimeSeconds: number;
  /** The run's seed; streams default to `<seed>/path…` (see the module comment). */
  seed: string;
}

/** Whether an asset's path uses a Gaussian shock (so a correlation with it means something). */
const usesShocks = (p: AssetPath): boolean => p.kind === "gbm" || (p.kind === "depeg" && (p.noise ?? 0) > 0);

function validate(spec: MultiPathSpec, ctx: MultiPathContext): number[][] {
  const ids = new Set<AssetId>();
  spec.assets.forEach(({ id, path }, k) => {
    if (ids.has(id)) throw new RangeError(`assets[${k}].id: "${id}" is listed twice`);
    ids.add(id);
    const at = `assets[${k}] (${id}).path`;
    if (path.kind === "gbm") {
      if (!(path.initialPrice > 0)) throw new RangeError(`${at}.initialPrice: must be > 0, got ${path.initialPrice}`);
      if (!(path.volatilityPerYear >= 0)) {
        throw new RangeError(`${at}.volatilityPerYear: must be >= 0, got ${path.volatilityPerYear}`);
      }
      const p = path.jumps?.probability;
      if (p !== undefined && !(p >= 0 && p <= 1))
        throw new RangeError(`${at}.jumps.probability: must be in [0, 1], got ${p}`);
    } else if (path.kind === "depeg") {
      validateDepeg(path);
      if (!((path.noise ?? 0) >= 0)) throw new RangeError(`${at}.noise: must be >= 0, got ${path.noise}`);
    } else if (path.prices.length < ctx.blocks) {
      throw new RangeError(`${at}.prices: ${path.prices.length} prices for ${ctx.blocks} blocks`);
    }
  });
  const n = spec.assets.length;
  const correlation = spec.correlation ?? identityCorrelation(n);
  const l = choleskyFactor(correlation, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const unshocked = [i, j].find((k) => !usesShocks(spec.assets[k].path));
      if (i !== j && unshocked !== undefined && correlation[i][j] !== 0) {
        throw new CorrelationError(i, j, `must be 0: ${spec.assets[unshocked].id} has no random shock`);
      }
    }
  }
  if (spec.commonJumps) {
    const { probability, sizes } = spec.commonJumps;
    if (!(probability >= 0 && probability <= 1)) {
      throw new RangeError(`commonJumps.probability: must be in [0, 1], got ${probability}`);
    }
    for (const id of Object.keys(sizes)) {
      const asset = spec.assets.find((a) => a.id === id);
      if (asset?.path.kind !== "gbm") throw new RangeError(`commonJumps.sizes.${id}: not a gbm asset`);
    }
  }
  return l;
}

/** Per-block drift and volatility of a GBM asset's log price (the regime's after `atBlock`). */
function gbmSteps(p: GbmAssetPath, dt: number): (i: number) => { drift: number; vol: number } {
  const steps = (driftPerYear: number, sigma: number) => ({
    drift: (driftPerYear - (sigma * sigma) / 2) * dt,
    vol: sigma * Math.sqrt(dt),
  });
  const before = steps(p.driftPerYear, p.volatilityPerYear);
  const after = p.regime ? steps(p.regime.driftPerYear, p.regime.volatilityPerYear) : before;
  return (i) => (p.regime && i >= p.regime.atBlock ? after : before);
}

/** Every asset's path, keyed by asset id (in `assets[]` order). Throws a RangeError naming a bad field or entry. */
export function multiAssetPaths(spec: MultiPathSpec, ctx: MultiPathContext): Record<AssetId, number[]> {
  const l = validate(spec, ctx);
  const dt = ctx.blockTimeSeconds / SECONDS_PER_YEAR;
  const assets = spec.assets.map(({ id, path }, k) => ({
    id,
    path,
    shocked: usesShocks(path),
    rng: new Rng(("seed" in path ? path.seed : undefined) ?? (k === 0 ? `${ctx.seed}/path` : `${ctx.seed}/path/${id}`)),
    steps: path.kind === "gbm" ? gbmSteps(path, dt) : undefined,
    commonSize: spec.commonJumps?.sizes[id],
    logReturn: 0, // GBM: log(price / initialPrice), so block 0 is exactly the initial price
    prices: [] as number[],
  }));
  const common = spec.commonJumps ? new Rng(`${ctx.seed}/path/common-jumps`) : undefined;
  for (let i = 0; i < ctx.blocks; i++) {
    const eps = new Array<number>(assets.length).fill(0);
    const ownJump = new Array<number>(assets.length).fill(0);
    const commonJump = new Array<number>(assets.length).fill(0);
    if (i > 0) {
      assets.forEach((a, k) => {
        if (!a.shocked) return;
        eps[k] = a.rng.normal();
        // A depeg asset draws one normal a block, as depeg-path.ts does (a lone one reproduces generatePath's path).
        if (a.path.kind !== "gbm") return;
        // Draw the jump decision every block (not only when jumps exist) so the streams stay aligned with gbmPath.
        const u = a.rng.uniform();
        const size = a.rng.normal();
        if (a.path.kind === "gbm" && a.path.jumps && u < a.path.jumps.probability) {
          ownJump[k] = a.path.jumps.mean + a.path.jumps.stdDev * size;
        }
      });
      if (common && spec.commonJumps) {
        const arrives = common.uniform() < spec.commonJumps.probability;
        assets.forEach((a, k) => {
          if (!a.commonSize) return;
          const size = common.normal();
          if (arrives) commonJump[k] = a.commonSize.mean + a.commonSize.stdDev * size;
        });
      }
    }
    const z = correlate(l, eps);
    assets.forEach((a, k) => {
      const p = a.path;
      if (p.kind === "gbm" && a.steps) {
        if (i > 0) {
          const { drift, vol } = a.steps(i);
          a.logReturn += drift + vol * z[k];
          if (ownJump[k] !== 0) a.logReturn += ownJump[k];
          if (commonJump[k] !== 0) a.logReturn += commonJump[k];
        }
        a.prices.push(p.initialPrice * Math.exp(a.logReturn));
      } else if (p.kind === "depeg") {
        const noise = p.noise ?? 0;
        a.prices.push(depegPrice(p, i) * (i > 0 ? depegNoiseFactor(noise, z[k]) : 1));
      } else if (p.kind === "given") {
        a.prices.push(p.prices[i]);
      }
    });
  }
  return Object.fromEntries(assets.map((a) => [a.id, a.prices]));
}

/** Log returns ln(p_i / p_{i−1}) of a path (length − 1 of them). */
export function logReturns(prices: readonly number[]): number[] {
  return prices.slice(1).map((p, i) => Math.log(p / prices[i]));
}

/** Pearson correlation of two equally long series (NaN when either is constant). */
export function pearson(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new RangeError(`pearson: lengths differ (${x.length} vs ${y.length})`);
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}
