/** The market's risk controls, when the scenario switches them on: a circuit breaker and a dynamic risk controller. */
import type { CircuitBreaker, DynamicRiskController, LendingPool } from "../../../typechain-types";
import { ScenarioError } from "../scenario";
import { toFixedUnits, toWad } from "../wad";
import type { Deployer } from "./deployer";
import type { AssetWorld, MarketWorld } from "./types";

const EFFECTS = { "pause-borrow": 1, "throttle-liquidations": 2, "halt-kicks": 4, "full-halt": 8 } as const;

/** Deploys the circuit breaker and the dynamic risk controller the scenario asks for, wired by their roles. */
export async function buildRiskControls(
  d: Deployer,
  market: { pool: LendingPool; auctions: MarketWorld["auctions"] },
  asset: AssetWorld,
): Promise<Pick<MarketWorld, "breaker" | "riskController">> {
  const { ethers } = d.hre;
  const s = d.scenario;
  const { pool, auctions } = market;
  const b = s.riskControls.circuitBreaker;
  const r = s.riskControls.dynamicRisk;
  let breaker: CircuitBreaker | null = null;
  let riskController: DynamicRiskController | null = null;
  if (b.enabled) {
    if (b.effects.includes("halt-kicks") && !auctions) {
      throw new ScenarioError("scenario", [
        'riskControls.circuitBreaker.effects: "halt-kicks" needs an auction mechanism',
      ]);
    }
    const effects = b.effects.reduce((m, e) => m | EFFECTS[e], 0);
    const debtDecimals = s.tokens.debt.decimals;
    breaker = await d.deploy<CircuitBreaker>("CircuitBreaker", [
      d.admin.address,
      await pool.getAddress(),
      auctions ? await auctions.getAddress() : ethers.ZeroAddress,
      [await asset.marketFeed.getAddress()],
      {
        maxPriceMoveBps: b.maxPriceMoveBps,
        priceWindow: b.priceWindowSeconds,
        cooldown: b.cooldownSeconds,
        liquidationCapPerBlock: toFixedUnits(b.liquidationCapPerBlock, debtDecimals),
        maxLiquidationVolume: toFixedUnits(b.maxLiquidationVolume, debtDecimals),
        volumeWindow: b.volumeWindowSeconds,
        effects,
      },
    ]);
    await pool.grantRole(await pool.GUARDIAN_ROLE(), await breaker.getAddress());
    if (auctions) await auctions.grantRole(await auctions.GUARDIAN_ROLE(), await breaker.getAddress());
    await pool.setLiquidationGuard(await breaker.getAddress());
  }
  if (r.enabled) {
    const c = s.market.collateral;
    riskController = await d.deploy<DynamicRiskController>("DynamicRiskController", [
      d.admin.address,
      await pool.getAddress(),
      await asset.token.getAddress(),
      await asset.amm!.getAddress(), // an AMM-less first collateral is refused (topology/runnable.ts)
      {
        baseLtv: toWad(c.ltv),
        baseThreshold: toWad(c.liquidationThreshold),
        minLtv: toWad(r.minLtv),
        maxLtv: toWad(c.ltv),
        minThreshold: toWad(r.minThreshold),
        maxThreshold: toWad(c.liquidationThreshold),
        ewmaLambda: toWad(r.ewmaLambda),
        volSensitivity: toWad(r.volSensitivity),
        targetDepthRatio: toWad(r.targetDepthRatio),
        maxThresholdStep: toWad(r.maxThresholdStep),
        minUpdateInterval: r.minUpdateIntervalSeconds,
        depthWindow: r.depthWindowSeconds,
      },
    ]);
    await pool.grantRole(await pool.RISK_ROLE(), await riskController.getAddress());
  }
  return { breaker, riskController };
}
