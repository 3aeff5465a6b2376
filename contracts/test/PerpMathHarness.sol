// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PerpMath} from "../derivatives/perp/PerpMath.sol";

/// @title PerpMathHarness
/// @notice Exposes PerpMath's pure formulas to tests (tests only): the market reaches some of their guards
/// (a zero price, a zero margin) only through states its own checks prevent.
contract PerpMathHarness {
    function fundingRatePerSecond(
        uint256 tradePrice,
        uint256 indexPrice,
        uint256 fundingPeriod,
        uint256 maxRatePerSecondWad
    ) external pure returns (int256) {
        return PerpMath.fundingRatePerSecond(tradePrice, indexPrice, fundingPeriod, maxRatePerSecondWad);
    }

    function maintenanceRatioUp(
        uint256 imrWad,
        uint256 fractionOfImrWad,
        uint256 oiFactorWad,
        uint256 sideOpenInterestNotional,
        uint256 debtUnit
    ) external pure returns (uint256) {
        return PerpMath.maintenanceRatioUp(imrWad, fractionOfImrWad, oiFactorWad, sideOpenInterestNotional, debtUnit);
    }

    function adlScore(uint256 profit, uint256 margin, uint256 notional, uint256 equity) external pure returns (uint256) {
        return PerpMath.adlScore(profit, margin, notional, equity);
    }

    function fundingOwedUp(bool isLong, uint256 size, int256 indexDelta, uint256 baseUnit)
        external
        pure
        returns (int256)
    {
        return PerpMath.fundingOwedUp(isLong, size, indexDelta, baseUnit);
    }
}
