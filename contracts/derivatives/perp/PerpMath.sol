// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title PerpMath
/// @notice The perp market's pure formulas: funding rate, maintenance ratio, ADL score, funding owed.
/// @dev Every function names its rounding; all round in the venue's favour where it matters.
library PerpMath {
    uint256 internal constant WAD = 1e18;

    /// @notice Funding rate per second, WAD: the premium of the trade price over the index, paid over one
    /// `fundingPeriod`, clamped to ±`maxRatePerSecondWad`. Positive: longs pay shorts.
    /// rate = clamp((tradePrice - indexPrice) / indexPrice / fundingPeriod, ±max). Rounds towards zero.
    function fundingRatePerSecond(
        uint256 tradePrice,
        uint256 indexPrice,
        uint256 fundingPeriod,
        uint256 maxRatePerSecondWad
    ) internal pure returns (int256) {
        if (tradePrice == 0 || indexPrice == 0) return 0;
        int256 premiumWad = (int256(tradePrice) - int256(indexPrice)) * int256(WAD) / int256(indexPrice);
        int256 rate = premiumWad / int256(fundingPeriod);
        int256 cap = int256(maxRatePerSecondWad);
        if (rate > cap) return cap;
        if (rate < -cap) return -cap;
        return rate;
    }

    /// @notice Maintenance margin ratio, WAD, rounded up: a fraction of the initial ratio (Hyperliquid: ½), plus
    /// `oiFactorWad` per whole debt token of same-side open interest (GMX v2's margin rising with open interest).
    function maintenanceRatioUp(
        uint256 imrWad,
        uint256 fractionOfImrWad,
        uint256 oiFactorWad,
        uint256 sideOpenInterestNotional,
        uint256 debtUnit
    ) internal pure returns (uint256) {
        uint256 base = Math.mulDiv(imrWad, fractionOfImrWad, WAD, Math.Rounding.Ceil);
        return base + Math.mulDiv(oiFactorWad, sideOpenInterestNotional, debtUnit, Math.Rounding.Ceil);
    }

    /// @notice ADL rank of a position in profit: (profit / margin) × (notional / equity), WAD, rounded down.
    /// Both factors follow the exchanges' "PnL % × effective leverage" ranking: the most profitable, most leveraged
    /// opposite position is deleveraged first. Zero when not in profit or without equity.
    function adlScore(uint256 profit, uint256 margin, uint256 notional, uint256 equity) internal pure returns (uint256) {
        if (profit == 0 || margin == 0 || equity == 0) return 0;
        uint256 profitRatio = Math.mulDiv(profit, WAD, margin);
        uint256 leverage = Math.mulDiv(notional, WAD, equity);
        return Math.mulDiv(profitRatio, leverage, WAD);
    }

    /// @notice Funding a position owes since it last settled, debt units, rounded towards +infinity (what a trader
    /// owes rounds up, what it receives rounds down). `indexDelta` is in debt units × WAD per whole base token.
    function fundingOwedUp(bool isLong, uint256 size, int256 indexDelta, uint256 baseUnit)
        internal
        pure
        returns (int256)
    {
        int256 signed = isLong ? indexDelta : -indexDelta;
        uint256 denominator = baseUnit * WAD;
        if (signed >= 0) return int256(Math.mulDiv(size, uint256(signed), denominator, Math.Rounding.Ceil));
        return -int256(Math.mulDiv(size, uint256(-signed), denominator));
    }
}
