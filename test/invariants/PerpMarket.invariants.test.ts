import { expect } from "chai";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionReceipt } from "ethers";
import { Rng } from "../../scripts/sim/random";
import {
  deployPerp,
  ETH,
  USD,
  expectConserved,
  movePool,
  setMark,
  type PerpFixture,
} from "../derivatives/perp/fixture";

/**
 * The perp market's conservation under random action sequences (issue 20): margin + PnL + fund + fees balance to the
 * wei. After every action:
 *   tokens held      = Σ position margins + insurance fund + vault cash + protocol fees (and Σ margins = totalMargin)
 *   insurance fund   = funded + Σ liquidation fees to the fund − Σ bad debt it covered   (from the events)
 *   protocol fees    = Σ taker fees at open and close                                   (from the events)
 *   a closed position pays its owner exactly margin + realised PnL (funding included) − fee
 *   bad debt         = covered by insurance + covered by ADL + uncovered
 *   base held        = vault base
 * FUZZ_RUNS sequences (default 3) of FUZZ_STEPS actions (default 30), seeded by FUZZ_SEED (default 1).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 3);
const STEPS = Number(process.env.FUZZ_STEPS ?? 30);
const SEED = process.env.FUZZ_SEED ?? "1";
const INSURANCE = 2_000n * USD;

interface Ledger {
  insurance: bigint;
  fees: bigint;
}

function book(f: PerpFixture, receipt: ContractTransactionReceipt | null, ledger: Ledger) {
  for (const log of receipt?.logs ?? []) {
    const parsed = f.market.interface.parseLog(log);
    if (!parsed) continue;
    const a = parsed.args;
    if (parsed.name === "PositionOpened" || parsed.name === "PositionClosed") ledger.fees += a.fee as bigint;
    if (parsed.name === "Liquidated") ledger.insurance += a.insuranceFee as bigint;
    if (parsed.name === "BadDebt") ledger.insurance -= a.coveredByInsurance as bigint;
    if (parsed.name === "InsuranceFunded") ledger.insurance += a.amount as bigint;
  }
}

/** Sends, books the events; false when the market refused with one of its custom errors (a panic fails the test). */
async function attempt(f: PerpFixture, ledger: Ledger, send: () => Promise<{ wait(): Promise<unknown> }>) {
  try {
    const receipt = (await (await send()).wait()) as ContractTransactionReceipt | null;
    book(f, receipt, ledger);
    return receipt;
  } catch (e) {
    const data = (e as { data?: string }).data;
    const parsed = data ? (f.market.interface.parseError(data) ?? f.feed.interface.parseError(data)) : null;
    if (!parsed) throw e;
    return null;
  }
}

describe("Invariants: perp market conservation (margin + PnL + fund + fees to the wei)", () => {
  for (let run = 0; run < RUNS; run++) {
    it(`run ${run} (seed ${SEED})`, async () => {
      const f = await deployPerp({ largePositionNotional: 30_000n * USD, maxAdlPerLiquidation: 3n }, INSURANCE);
      const ledger: Ledger = { insurance: INSURANCE, fees: 0n };
      const rng = new Rng(`perp-invariants-${SEED}-${run}`);
      const traders = [f.alice, f.bob, f.carol];
      let price = 2_000;
      for (let step = 0; step < STEPS; step++) {
        const action = rng.int(9);
        const ids = [...(await f.market.openPositionIds())];
        if (action <= 2) {
          const who = rng.choice(traders);
          const size = BigInt(Math.round(rng.uniformIn(0.01, 15) * 1e6)) * 10n ** 12n;
          const leverage = rng.uniformIn(2, 19.5);
          const margin = BigInt(Math.round(((Number(size) / 1e18) * price * 1.05 * 1e6) / leverage) + 1);
          const isLong = rng.bernoulli(0.55);
          await attempt(f, ledger, () =>
            f.market.connect(who).openPosition(isLong, size, margin, isLong ? 2n ** 255n : 0n),
          );
        } else if (action === 3 && ids.length > 0) {
          const id = rng.choice(ids);
          const p = await f.market.position(id);
          const owner = traders.find((t) => t.address === p.owner)!;
          const before = await f.debt.balanceOf(owner.address);
          const receipt = await attempt(f, ledger, () =>
            f.market.connect(owner).closePosition(id, p.isLong ? 0n : 2n ** 255n),
          );
          if (receipt) {
            const ev = receipt.logs
              .map((l) => f.market.interface.parseLog(l))
              .find((e) => e?.name === "PositionClosed")!;
            // The owner is paid exactly margin + realised PnL (funding included) − fee, and receives exactly that.
            expect(ev.args.payout).to.equal(p.margin + (ev.args.realizedPnl as bigint) - (ev.args.fee as bigint));
            expect((await f.debt.balanceOf(owner.address)) - before).to.equal(ev.args.payout);
          }
        } else if (action === 4 && ids.length > 0) {
          const id = rng.choice(ids);
          const p = await f.market.position(id);
          const owner = traders.find((t) => t.address === p.owner)!;
          if (rng.bernoulli(0.5))
            await attempt(f, ledger, () => f.market.connect(f.keeper).addMargin(id, BigInt(rng.int(300) + 1) * USD));
          else await attempt(f, ledger, () => f.market.connect(owner).removeMargin(id, BigInt(rng.int(100) + 1) * USD));
        } else if (action === 5) {
          price = Math.max(500, Math.round(price * rng.uniformIn(0.9, 1.07)));
          await movePool(f, BigInt(price) * USD);
          if (rng.bernoulli(0.8)) await setMark(f, BigInt(price) * 10n ** 8n);
        } else if (action === 6) {
          await time.increase(rng.int(1_800) + 1);
          await setMark(f, BigInt(price) * 10n ** 8n);
          await attempt(f, ledger, () => f.market.accrueFunding());
        } else if (action === 7 && rng.bernoulli(0.3)) {
          await attempt(f, ledger, () => f.market.connect(f.keeper).fundInsurance(BigInt(rng.int(500) + 1) * USD));
        } else {
          for (const id of ids) {
            if (!(await f.market.isLiquidatable(id))) continue;
            await attempt(f, ledger, () => f.market.connect(f.keeper).liquidate(id));
          }
          if ((await f.market.backstopExposure()) !== 0n)
            await attempt(f, ledger, () => f.market.unwindBackstop(ETH, 0n, 2n ** 255n));
        }
        await expectConserved(f);
        expect(await f.market.insuranceFund()).to.equal(ledger.insurance);
        expect(await f.market.protocolFees()).to.equal(ledger.fees);
        expect(await f.market.badDebtTotal()).to.equal(
          (await f.market.badDebtCoveredByInsurance()) +
            (await f.market.badDebtCoveredByAdl()) +
            (await f.market.badDebtUncovered()),
        );
      }
    });
  }
});
