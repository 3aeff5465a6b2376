/**
 * The book of positions every protocol receives in the comparison, in value terms: position i holds collateral worth
 * `sizes[i mod sizes.length]` debt tokens at the opening price and borrows so that its opening health (at the
 * liquidation threshold) is spread evenly from `minHealthBps` to `maxHealthBps`. Deterministic: no randomness.
 */

const BPS = 10_000n;
const WAD = 10n ** 18n;

export interface BookOptions {
  positions: number;
  /** Collateral values at opening, whole debt tokens, cycled (default 10,000 / 20,000 / 30,000 / 40,000). */
  sizes?: readonly bigint[];
  /** Opening health range, basis points (defaults 10,700 and 16,000). */
  minHealthBps?: bigint;
  maxHealthBps?: bigint;
}

export interface BookEntry {
  /** Collateral in collateral-token units. */
  collateral: bigint;
  /** Debt borrowed, debt-token units. */
  borrow: bigint;
}

export interface BookMarket {
  /** Opening feed answer (price of one collateral token in debt tokens, `feed` decimals). */
  answer: bigint;
  thresholdWad: bigint;
  ltvWad: bigint;
  decimals: { collateral: number; debt: number; feed: number };
}

const DEFAULT_SIZES = [10_000n, 20_000n, 30_000n, 40_000n];

/** The book: collateral = value / price (down); debt = value x LT / health (down), never above value x LTV. */
export function buildBook(o: BookOptions, m: BookMarket): BookEntry[] {
  const sizes = o.sizes ?? DEFAULT_SIZES;
  const lo = o.minHealthBps ?? 10_700n;
  const hi = o.maxHealthBps ?? 16_000n;
  const out: BookEntry[] = [];
  for (let i = 0; i < o.positions; i++) {
    const value = sizes[i % sizes.length] * 10n ** BigInt(m.decimals.debt);
    const health = o.positions === 1 ? lo : lo + ((hi - lo) * BigInt(i)) / BigInt(o.positions - 1);
    const collateral =
      (value * 10n ** BigInt(m.decimals.collateral + m.decimals.feed)) / (m.answer * 10n ** BigInt(m.decimals.debt));
    // The collateral's value as the protocols will count it (after rounding the amount down).
    const held =
      (collateral * m.answer * 10n ** BigInt(m.decimals.debt)) / 10n ** BigInt(m.decimals.collateral + m.decimals.feed);
    const byHealth = (held * m.thresholdWad * BPS) / (WAD * health);
    const byLtv = (held * m.ltvWad) / WAD;
    out.push({ collateral, borrow: byHealth < byLtv ? byHealth : byLtv });
  }
  return out;
}
