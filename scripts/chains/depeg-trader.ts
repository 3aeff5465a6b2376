/**
 * The wrapped asset's market on the remote chain while the bridge is impaired and after: holders who cannot redeem
 * sell it on the remote AMM down to (1 - depegDiscount) x par; once the bridge works again, arbitrageurs (who can
 * redeem through it) buy it back toward par. Each side trades at most `depegMaxTradePerBlock` tokens per block.
 */
import { gwei } from "../sim/chain";
import { toFixedUnits } from "../sim/wad";
import { impaired, sellToPrice } from "./bridge-rules";
import { ACCOUNT, ASSET_DECIMALS, STABLE_DECIMALS, type BridgeWorld } from "./bridge-world";
import type { ClockTick } from "./clock";

const TRADE_GAS = 250_000n;
const ONE = 10n ** BigInt(ASSET_DECIMALS);
/** Scale of the discount's fixed-point form (parts per million). */
const PPM = 1_000_000n;

export class DepegTrader {
  /** Wrapped tokens sold and bought back so far, token units. */
  sold = 0n;
  bought = 0n;

  constructor(readonly world: BridgeWorld) {}

  /** Par: the home asset's price in stablecoin units per whole wrapped token. */
  par(): bigint {
    return toFixedUnits(this.world.homePrice, STABLE_DECIMALS);
  }

  async act(tick: ClockTick): Promise<void> {
    const w = this.world;
    const p = w.params;
    if (p.depegDiscount === 0 || !tick.due.includes(w.set.chains.indexOf(w.remote))) return;
    const [r0, r1] = await w.amm.getReserves();
    const wrappedIs0 = (await w.amm.token0()) === (await w.wrapped.getAddress());
    const [rw, rs] = wrappedIs0 ? [r0, r1] : [r1, r0];
    const trader = await w.remote.signer(ACCOUNT.trader);
    const cap = toFixedUnits(p.depegMaxTradePerBlock, ASSET_DECIMALS);
    const par = this.par();
    const fees = {
      gasLimit: TRADE_GAS,
      maxPriorityFeePerGas: gwei(1),
      maxFeePerGas: 2n * (await w.remote.chain.nextBaseFee()) + gwei(1),
    };
    const deadline = tick.time + 3_600;
    if (impaired(p, tick.time - w.set.start)) {
      const discountPpm = BigInt(Math.round(p.depegDiscount * 1e6));
      const target = (par * (PPM - discountPpm)) / PPM;
      const need = sellToPrice(rw, rs, Number(await w.amm.feeBps()), target, ONE);
      const held = await w.wrapped.balanceOf(trader.address);
      const amount = [need, cap, held].reduce((a, b) => (b < a ? b : a));
      if (amount === 0n) return;
      await w.router
        .connect(trader)
        .swapExactTokensForTokens(
          await w.amm.getAddress(),
          await w.wrapped.getAddress(),
          amount,
          0n,
          trader.address,
          deadline,
          fees,
        );
      this.sold += amount;
    } else {
      // Buy back toward par: sell stablecoins until a stablecoin costs 1 / par wrapped units (price in ONE / par).
      const spend = sellToPrice(rs, rw, Number(await w.amm.feeBps()), ONE, par);
      const capStable = (cap * par) / ONE;
      const held = await w.stable.balanceOf(trader.address);
      const amount = [spend, capStable, held].reduce((a, b) => (b < a ? b : a));
      if (amount === 0n) return;
      await w.router
        .connect(trader)
        .swapExactTokensForTokens(
          await w.amm.getAddress(),
          await w.stable.getAddress(),
          amount,
          0n,
          trader.address,
          deadline,
          fees,
        );
      this.bought += amount;
    }
  }
}
