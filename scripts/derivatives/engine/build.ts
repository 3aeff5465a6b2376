/**
 * The world build's derivatives hook (issue 20): deploys the perp market and the options venue a scenario's `perp`
 * and `options` sections ask for, against the world's collateral AMM and its lagged feed (the one the oracle updater
 * submits to), and funds their insurance funds and the perp's backstop vault from the deployer. Runs last in
 * `buildWorld`, so a scenario without these sections deploys exactly what it did before.
 */
import type { OptionsVenue, PerpMarket } from "../../../typechain-types";
import { ScenarioError } from "../../sim/scenario";
import { makeAgent } from "../../sim/world/accounts";
import type { Deployer } from "../../sim/world/deployer";
import type { DerivativesWorld, World } from "../../sim/world/types";
import { toFixedUnits } from "../../sim/wad";
import { defaultPerpParams, type PerpParams } from "../perp/params";
import { DEFAULT_AUCTION, DEFAULT_MARGIN, GRID_MARGIN } from "../options/params";

const WAD = 10n ** 18n;

/** The perp market's parameters: the defaults for the world's debt decimals, overridden by `perp.market`. */
export function perpParamsFor(overrides: Record<string, number>, debtDecimals: number): PerpParams {
  const params = defaultPerpParams(debtDecimals);
  for (const [name, value] of Object.entries(overrides)) params[name as keyof PerpParams] = BigInt(value);
  return params;
}

/** A ratio or price as WAD, through micro-units (platform-independent rounding). */
export const toWad = (x: number): bigint => BigInt(Math.round(x * 1e6)) * 10n ** 12n;

export async function buildDerivatives(d: Deployer, world: World): Promise<DerivativesWorld | undefined> {
  const s = world.scenario;
  if (!s.perp && !s.options) return undefined;
  const admin = world.deployer;
  const addr = { debt: await world.debt.getAddress(), feed: await world.feed.getAddress() };
  const out: DerivativesWorld = { perp: null, options: null };
  const amm = world.amm;
  if (!amm) throw new Error("perp / options: the venue needs the collateral's AMM (the asset has none)");
  if (s.perp) {
    const p = s.perp;
    let market: PerpMarket;
    try {
      market = await d.deploy<PerpMarket>("PerpMarket", [
        await amm.getAddress(),
        addr.debt,
        await world.collateral.getAddress(),
        addr.feed,
        admin.address,
        perpParamsFor(p.market, world.debtDecimals),
      ]);
    } catch (e) {
      const m = /InvalidParam\("?(\w+)"?,\s*(\d+)/.exec(String((e as Error).message));
      throw new ScenarioError("scenario", [
        m ? `perp.market.${m[1]}: rejected by the PerpMarket (got ${m[2]})` : `perp.market: rejected by the PerpMarket`,
      ]);
    }
    const cash = toFixedUnits(p.vault.cash, world.debtDecimals);
    const base = toFixedUnits(p.vault.base, world.collateralDecimals);
    const fund = toFixedUnits(p.insuranceFund, world.debtDecimals);
    const m = market.connect(admin.signer);
    await (await world.debt.connect(admin.signer).mint(admin.address, cash + fund)).wait();
    await (await world.collateral.connect(admin.signer).mint(admin.address, base)).wait();
    await (await world.debt.connect(admin.signer).approve(await market.getAddress(), cash + fund)).wait();
    await (await world.collateral.connect(admin.signer).approve(await market.getAddress(), base)).wait();
    await (await m.fundVault(cash, base)).wait();
    if (fund > 0n) await (await m.fundInsurance(fund)).wait();
    const backstop = await makeAgent(world.hre, world.chain, "perp-backstop");
    await (await m.grantRole(await market.BACKSTOP_ROLE(), backstop.address)).wait();
    out.perp = { market, backstop };
  }
  if (s.options) {
    const o = s.options;
    const venue = await d.deploy<OptionsVenue>("OptionsVenue", [
      addr.debt,
      addr.feed,
      admin.address,
      toWad(o.vol),
      o.grid ? GRID_MARGIN : DEFAULT_MARGIN,
      DEFAULT_AUCTION,
    ]);
    const fund = toFixedUnits(o.insuranceFund, world.debtDecimals);
    if (fund > 0n) {
      await (await world.debt.connect(admin.signer).mint(admin.address, fund)).wait();
      await (await world.debt.connect(admin.signer).approve(await venue.getAddress(), fund)).wait();
      await (await venue.connect(admin.signer).fundInsurance(fund)).wait();
    }
    out.options = { venue };
  }
  return out;
}

export { WAD };
