// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IIrm} from "@morpho-org/morpho-blue/src/interfaces/IIrm.sol";
import {MarketParams, Market} from "@morpho-org/morpho-blue/src/interfaces/IMorpho.sol";

/// @title FixedRateIrm
/// @notice A Morpho Blue interest rate model with one constant borrow rate per second (ours, for tests and the lab's
/// scenarios; the Morpho package ships no deployable IRM but its test mock). Morpho compounds it itself with its
/// three-term Taylor expansion of e^(rate x elapsed) - 1. A market that charges no interest at all uses Morpho's
/// native `irm = address(0)` instead.
contract FixedRateIrm is IIrm {
    /// @notice Seconds in a 365-day year (the APR unit of `MAX_RATE_PER_SECOND`).
    uint256 public constant SECONDS_PER_YEAR = 365 days;
    /// @notice Highest accepted rate: 1000% a year, simple (WAD per second).
    uint256 public constant MAX_RATE_PER_SECOND = 10e18 / SECONDS_PER_YEAR;

    /// @notice The borrow rate per second (WAD) every market using this model pays.
    uint256 public immutable RATE_PER_SECOND;

    /// @notice The rate asked for is above `MAX_RATE_PER_SECOND`.
    error RateTooHigh(uint256 ratePerSecond, uint256 maxRatePerSecond);

    /// @param ratePerSecond Borrow rate per second, WAD (e.g. 5% a year ~ 0.05e18 / 365 days).
    constructor(uint256 ratePerSecond) {
        if (ratePerSecond > MAX_RATE_PER_SECOND) revert RateTooHigh(ratePerSecond, MAX_RATE_PER_SECOND);
        RATE_PER_SECOND = ratePerSecond;
    }

    /// @inheritdoc IIrm
    function borrowRate(MarketParams memory, Market memory) external view returns (uint256) {
        return RATE_PER_SECOND;
    }

    /// @inheritdoc IIrm
    function borrowRateView(MarketParams memory, Market memory) external view returns (uint256) {
        return RATE_PER_SECOND;
    }
}
