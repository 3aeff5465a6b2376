/**
 * The engine's event decoder on another protocol's market (issue 17): the world's usual decoder (AMM swaps, debt
 * transfers, the lab contracts), plus every liquidation the adapter decodes from the protocol's own events, turned
 * into the lab's `pool:Liquidation` (and `pool:BadDebtRealized` when the protocol wrote debt off in the same
 * transaction). Everything downstream — the run's ledger, the keepers' records, the observer's refresh — reads them
 * as it reads the lab pool's.
 */
import type { Receipt } from "../../sim/chain";
import { EventDecoder, worldDecoder, type DecodedEvent } from "../../sim/engine/events";
import type { World } from "../../sim/world/types";
import type { AdapterLiquidation, MarketAdapter } from "../market-adapter";
import { adapterOf } from "./world";

/** The oracle price (WAD, debt per collateral) a liquidation used: repaid x incentive / seized, in whole tokens. */
export function impliedPriceWad(
  l: Pick<AdapterLiquidation, "debtRepaid" | "collateralSeized">,
  incentiveWad: bigint,
  decimals: { debt: number; collateral: number },
): bigint {
  if (l.collateralSeized === 0n) return 0n;
  return (
    (l.debtRepaid * incentiveWad * 10n ** BigInt(decimals.collateral)) /
    (l.collateralSeized * 10n ** BigInt(decimals.debt))
  );
}

/** The lab's events for one adapter liquidation (`address`: the protocol contract, lowercase). */
export function labEvents(l: AdapterLiquidation, address: string, priceWad: bigint): DecodedEvent[] {
  const out: DecodedEvent[] = [
    {
      role: "pool",
      name: "Liquidation",
      address,
      args: {
        liquidator: l.liquidator,
        borrower: l.borrower,
        asset: l.collateralAsset,
        receiver: l.liquidator,
        repaid: l.debtRepaid,
        seized: l.collateralSeized,
        price: priceWad,
      },
    },
  ];
  if (l.badDebt > 0n) {
    out.push({
      role: "pool",
      name: "BadDebtRealized",
      address,
      args: { borrower: l.borrower, amount: l.badDebt, fromReserves: 0n, fromLenders: l.badDebt },
    });
  }
  return out;
}

class AdapterDecoder extends EventDecoder {
  constructor(
    private readonly base: EventDecoder,
    private readonly adapter: MarketAdapter,
    private readonly incentive: bigint,
    private readonly decimals: { debt: number; collateral: number },
    private readonly address: string,
  ) {
    super();
  }

  decode(receipt: Receipt): DecodedEvent[] {
    const out = this.base.decode(receipt);
    for (const l of this.adapter.decode(receipt as never)) {
      out.push(...labEvents(l, this.address, impliedPriceWad(l, this.incentive, this.decimals)));
    }
    return out;
  }
}

/** The world's decoder with the adapter's liquidations added in the lab's terms. */
export async function adapterDecoder(world: World): Promise<EventDecoder> {
  const adapter = adapterOf(world);
  const target = (await adapter.approvals())[0]?.spender ?? "";
  return new AdapterDecoder(
    await worldDecoder(world),
    adapter,
    await adapter.incentiveWad(world.addresses.collateral),
    { debt: world.debtDecimals, collateral: world.collateralDecimals },
    target.toLowerCase(),
  );
}

/** The decoder a run uses: the adapter's on an adapter world, else the world's own. */
export function runDecoder(world: World): Promise<EventDecoder> {
  return world.market.protocol === "lab" ? worldDecoder(world) : adapterDecoder(world);
}
