/**
 * The options venue's default parameters (Lyra v2 standard manager and Dutch auction), in the contract's units.
 * One source of truth for tests, the margin table and the spiral driver; docs/derivatives-options.md lists them.
 */
export const BPS = 10_000n;
export const WAD = 10n ** 18n;

/** MarginParams (contracts/derivatives/options/OptionMarginLib.sol). */
export interface MarginParamsInput {
  callSpotBps: bigint;
  putSpotBps: bigint;
  putMtmBps: bigint;
  initialBufferBps: bigint;
  scenarioSpotShockBps: bigint;
  scenarioVolShockBps: bigint;
  scenarioReferenceTau: bigint;
  scenarioMaxVolScale: bigint;
}

/** AuctionParams (same file). */
export interface AuctionParamsInput {
  fastStartBps: bigint;
  fastEndBps: bigint;
  fastDuration: bigint;
  slowDuration: bigint;
  liquidationFeeBps: bigint;
}

/** Lyra v2 standard manager: 9% of spot for short calls, min(9% spot, 9% mark) for puts; IM = 1.5 x the buffer; grid off. */
export const DEFAULT_MARGIN: MarginParamsInput = {
  callSpotBps: 900n,
  putSpotBps: 900n,
  putMtmBps: 900n,
  initialBufferBps: 15_000n,
  scenarioSpotShockBps: 0n,
  scenarioVolShockBps: 3_000n,
  scenarioReferenceTau: 30n * 86_400n,
  scenarioMaxVolScale: 4n * WAD,
};

/** The optional scenario grid: spot ±10%, vol +30% at 30 days, scaled by √(30 d / τ) up to 4x near expiry. */
export const GRID_MARGIN: MarginParamsInput = { ...DEFAULT_MARGIN, scenarioSpotShockBps: 1_000n };

/** Lyra v2 auction: 95% -> 70% of equity in 15 minutes, then -> 0 over 12 hours; 10% fee to the insurance fund. */
export const DEFAULT_AUCTION: AuctionParamsInput = {
  fastStartBps: 9_500n,
  fastEndBps: 7_000n,
  fastDuration: 15n * 60n,
  slowDuration: 12n * 3_600n,
  liquidationFeeBps: 1_000n,
};

/** Default implied volatility (WAD): 80%, the σ. */
export const DEFAULT_VOL = (8n * WAD) / 10n;
