// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IOracle} from "@morpho-org/morpho-blue/src/interfaces/IOracle.sol";
import {AggregatorV3Interface} from "../../interfaces/AggregatorV3Interface.sol";

/// @title MorphoFeedOracle
/// @notice Morpho Blue's `IOracle` over one of the lab's Chainlink-compatible feeds (ours, not Morpho's): the price
/// of one whole collateral token in loan-token units, scaled as Morpho requires, i.e. with
/// `36 + loan decimals - collateral decimals` decimals. It reads `latestRoundData` on every call, so a lagged feed's
/// latency applies to Morpho exactly as to the lab's market.
/// @dev Like Morpho's own ChainlinkOracleV2 it does not refuse stale answers (Morpho Blue has no staleness rule); it
/// refuses non-positive answers. The scaling rounds down: `answer * 10^e` when `e >= 0`, `answer / 10^-e` otherwise,
/// with `e = 36 + loan decimals - collateral decimals - feed decimals`.
contract MorphoFeedOracle is IOracle {
    /// @notice Decimals of Morpho's price scale (`ORACLE_PRICE_SCALE = 1e36`).
    uint256 public constant PRICE_SCALE_DECIMALS = 36;
    /// @notice Largest power of ten that fits in a uint256 (bounds the scaling exponent).
    uint256 public constant MAX_SCALE_EXPONENT = 77;

    /// @notice The feed read on every `price()` call (answer: collateral price in loan-token units).
    AggregatorV3Interface public immutable FEED;
    /// @notice 10^|e|, the factor applied to the feed's answer.
    uint256 public immutable SCALE_FACTOR;
    /// @notice Whether the answer is multiplied (e >= 0) or divided (e < 0) by `SCALE_FACTOR`.
    bool public immutable SCALE_UP;

    /// @notice The feed returned a zero or negative answer.
    error InvalidAnswer(int256 answer);
    /// @notice The decimals of the tokens and the feed give a scaling exponent beyond 10^77.
    error UnsupportedDecimals(uint256 loanDecimals, uint256 collateralDecimals, uint256 feedDecimals);

    /// @param feed Chainlink-compatible feed: price of one collateral token in loan-token units.
    /// @param loanToken Morpho market's loan token (its `decimals()` is read once here).
    /// @param collateralToken Morpho market's collateral token (its `decimals()` is read once here).
    constructor(AggregatorV3Interface feed, address loanToken, address collateralToken) {
        uint256 loanDecimals = IERC20Metadata(loanToken).decimals();
        uint256 collateralDecimals = IERC20Metadata(collateralToken).decimals();
        uint256 feedDecimals = feed.decimals();
        uint256 up = PRICE_SCALE_DECIMALS + loanDecimals;
        uint256 down = collateralDecimals + feedDecimals;
        uint256 exponent = up >= down ? up - down : down - up;
        if (exponent > MAX_SCALE_EXPONENT) revert UnsupportedDecimals(loanDecimals, collateralDecimals, feedDecimals);
        FEED = feed;
        SCALE_UP = up >= down;
        SCALE_FACTOR = 10 ** exponent;
    }

    /// @inheritdoc IOracle
    function price() external view returns (uint256) {
        (, int256 answer,,,) = FEED.latestRoundData();
        if (answer <= 0) revert InvalidAnswer(answer);
        uint256 raw = uint256(answer);
        return SCALE_UP ? raw * SCALE_FACTOR : raw / SCALE_FACTOR;
    }
}
