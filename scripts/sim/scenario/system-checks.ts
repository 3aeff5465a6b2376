/**
 * Checks across a scenario's fields that one field's schema cannot see: references between assets, markets,
 * entities and keepers, unique ids, the correlation matrix, baskets and the ltv limit of listed collaterals. Each
 * problem names its field, the value and what is allowed; `scenarioSchema` reports them as `ScenarioError` lines.
 */
import type { PathSpec, Scenario } from "./scenario-object";
import { correlationProblems } from "./correlation";
import {
  DEBT_ASSET,
  MAIN_MARKET,
  resolveAssets,
  resolveMarkets,
  type ResolvedAsset,
  type ResolvedMarket,
} from "./system-resolve";

export interface SystemProblem {
  path: (string | number)[];
  message: string;
  /** The offending value, shown as `(got …)`; absent when the message says it. */
  input?: unknown;
}

/** A basket's shares may miss 1 by this much (floating-point sums of written decimals). */
export const SHARE_SUM_TOLERANCE = 1e-9;

/** Exogenous price at block 0 of a path, or undefined when only its file knows it (csv). */
export function pathStartPrice(path: PathSpec): number | undefined {
  if (path.kind === "csv") return undefined;
  return path.kind === "depeg" ? path.peg : path.initialPrice;
}

const quoted = (ids: readonly string[]) => ids.join(", ");

function duplicates<T>(
  items: readonly T[],
  idOf: (t: T) => string | undefined,
  at: (i: number) => (string | number)[],
  what: string,
): SystemProblem[] {
  const seen = new Map<string, number>();
  const out: SystemProblem[] = [];
  items.forEach((item, i) => {
    const id = idOf(item);
    if (id === undefined) return;
    const first = seen.get(id);
    if (first === undefined) seen.set(id, i);
    else out.push({ path: at(i), message: `duplicate ${what} id (also at index ${first})`, input: id });
  });
  return out;
}

function assetChecks(s: Scenario, assets: readonly ResolvedAsset[]): SystemProblem[] {
  const out: SystemProblem[] = [];
  if (s.assets) {
    out.push(
      ...duplicates(
        s.assets,
        (a) => a.id,
        (i) => ["assets", i, "id"],
        "asset",
      ),
    );
    s.assets.forEach((a, i) => {
      if (a.id === DEBT_ASSET)
        out.push({ path: ["assets", i, "id"], message: `"${DEBT_ASSET}" is reserved for the debt asset`, input: a.id });
    });
  }
  if (s.correlation) {
    for (const p of correlationProblems(
      s.correlation,
      assets.map((a) => a.id),
    )) {
      out.push({ path: ["correlation", ...p.at], message: p.message, ...("input" in p ? { input: p.input } : {}) });
    }
  }
  return out;
}

function marketChecks(
  s: Scenario,
  assets: readonly ResolvedAsset[],
  markets: readonly ResolvedMarket[],
): SystemProblem[] {
  const out: SystemProblem[] = [];
  const assetIds = assets.map((a) => a.id);
  if (s.markets)
    out.push(
      ...duplicates(
        s.markets,
        (m) => m.id,
        (i) => ["markets", i, "id"],
        "market",
      ),
    );
  markets.forEach((m, i) => {
    const listed = s.markets?.[i];
    if (listed?.lenders && "lenderSupply" in listed) {
      out.push({ path: [...m.at, "lenders"], message: "give either lenderSupply or lenders, not both" });
    }
    out.push(
      ...duplicates(
        m.lenders,
        (l) => l.id,
        (j) => [...m.at, "lenders", j, "id"],
        "lender group",
      ),
    );
    const seen = new Map<string, number>();
    m.collaterals.forEach((c, j) => {
      if (!assetIds.includes(c.asset)) {
        out.push({
          path: [...c.at, "asset"],
          message: `must name an asset of assets[] (${quoted(assetIds)})`,
          input: c.asset,
        });
      } else if (seen.has(c.asset)) {
        out.push({
          path: [...c.at, "asset"],
          message: `listed twice in market "${m.id}" (also collaterals[${seen.get(c.asset)}])`,
          input: c.asset,
        });
      } else seen.set(c.asset, j);
      if (c.ltv > c.liquidationThreshold) {
        out.push({
          path: [...c.at, "ltv"],
          message: `must be <= liquidationThreshold (${c.liquidationThreshold})`,
          input: c.ltv,
        });
      }
    });
    out.push(
      ...duplicates(
        m.populations,
        (p) => p.id,
        (j) => [...m.populations[j].at, "id"],
        "population",
      ),
    );
    const collateralIds = m.collaterals.map((c) => c.asset);
    for (const p of m.populations) {
      const inBasket = new Set<string>();
      let sum = 0;
      p.basket.forEach((b, k) => {
        const at = [...p.at, "basket", k, "asset"];
        sum += b.share;
        if (!collateralIds.includes(b.asset)) {
          out.push({
            path: at,
            message: `must be a collateral of market "${m.id}" (${quoted(collateralIds)})`,
            input: b.asset,
          });
        } else if (inBasket.has(b.asset))
          out.push({ path: at, message: "listed twice in this basket", input: b.asset });
        inBasket.add(b.asset);
      });
      if (Math.abs(sum - 1) > SHARE_SUM_TOLERANCE) {
        out.push({
          path: [...p.at, "basket"],
          message: `shares must sum to 1 (they sum to ${Number(sum.toPrecision(12))})`,
        });
      }
    }
  });
  return out;
}

function entityChecks(
  s: Scenario,
  assets: readonly ResolvedAsset[],
  markets: readonly ResolvedMarket[],
): SystemProblem[] {
  const out = duplicates(
    s.entities,
    (e) => e.id,
    (i) => ["entities", i, "id"],
    "entity",
  );
  const marketIds = markets.map((m) => m.id);
  s.entities.forEach((e, i) => {
    const inMarket = new Map<string, number>();
    e.positions.forEach((pos, j) => {
      const at = ["entities", i, "positions", j];
      const market = markets.find((m) => m.id === pos.market);
      if (!market) {
        out.push({ path: [...at, "market"], message: `must name a market (${quoted(marketIds)})`, input: pos.market });
        return;
      }
      if (inMarket.has(pos.market)) {
        out.push({
          path: [...at, "market"],
          message: `the entity already has a position in this market (positions[${inMarket.get(pos.market)}]); one account holds one position per market`,
          input: pos.market,
        });
      }
      inMarket.set(pos.market, j);
      const held = new Set<string>();
      let weightedThreshold = 0;
      let weightedLtv = 0;
      let priced = true;
      pos.collateral.forEach((c, k) => {
        const listed = market.collaterals.find((x) => x.asset === c.asset);
        if (!listed) {
          out.push({
            path: [...at, "collateral", k, "asset"],
            message: `must be a collateral of market "${market.id}" (${quoted(market.collaterals.map((x) => x.asset))})`,
            input: c.asset,
          });
          priced = false;
          return;
        }
        if (held.has(c.asset))
          out.push({
            path: [...at, "collateral", k, "asset"],
            message: "listed twice in this position",
            input: c.asset,
          });
        held.add(c.asset);
        const asset = assets.find((a) => a.id === c.asset); // absent when the market lists an unknown asset
        const price = asset ? pathStartPrice(asset.path) : undefined;
        if (price === undefined) priced = false;
        else {
          weightedThreshold += c.amount * price * listed.liquidationThreshold;
          weightedLtv += c.amount * price * listed.ltv;
        }
      });
      // Borrowing stops at the ltv: debt ≤ Σ value × ltv, so health = Σ value × threshold ÷ debt ≥ that ratio.
      if (priced && weightedLtv > 0) {
        const minHealth = weightedThreshold / weightedLtv;
        if (pos.health < minHealth) {
          out.push({
            path: [...at, "health"],
            message: `must be >= ${Number(minHealth.toPrecision(6))} (Σ value × liquidationThreshold ÷ Σ value × ltv: the market lends no more than the ltv allows)`,
            input: pos.health,
          });
        }
      }
    });
  });
  return out;
}

function keeperChecks(s: Scenario, markets: readonly ResolvedMarket[]): SystemProblem[] {
  const out: SystemProblem[] = [];
  const marketIds = markets.map((m) => m.id);
  s.keepers.forEach((k, i) => {
    k.markets?.forEach((id, j) => {
      if (!marketIds.includes(id))
        out.push({
          path: ["keepers", i, "markets", j],
          message: `must name a market (${quoted(marketIds)})`,
          input: id,
        });
    });
  });
  // Auctions start only when someone kicks them: a market that sells by auction needs a kicker watching it.
  const kicks = (market: string) =>
    s.keepers.some((k) => k.strategy === "auction-kicker" && k.count > 0 && (k.markets ?? marketIds).includes(market));
  if (!s.markets) {
    if (s.liquidation.mechanism !== "fixed-bonus" && !kicks(MAIN_MARKET)) {
      out.push({
        path: ["keepers"],
        message: `liquidation.mechanism "${s.liquidation.mechanism}" needs at least one "auction-kicker" keeper, or no auction ever starts`,
        input: s.keepers,
      });
    }
    return out;
  }
  for (const m of markets) {
    if (m.liquidation.mechanism !== "fixed-bonus" && !kicks(m.id)) {
      out.push({
        path: [...m.at, "liquidation", "mechanism"],
        message: `market "${m.id}" needs an "auction-kicker" keeper watching it, or no auction ever starts`,
        input: m.liquidation.mechanism,
      });
    }
  }
  return out;
}

/** Every cross-field problem of a parsed scenario; [] when there is none. */
export function systemProblems(s: Scenario): SystemProblem[] {
  const assets = resolveAssets(s);
  const markets = resolveMarkets(s, assets);
  return [
    ...assetChecks(s, assets),
    ...marketChecks(s, assets, markets),
    ...entityChecks(s, assets, markets),
    ...keeperChecks(s, markets),
  ];
}
