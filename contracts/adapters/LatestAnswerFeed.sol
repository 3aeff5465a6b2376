// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";

/// @title LatestAnswerFeed
/// @notice Chainlink's legacy `latestAnswer()` over any AggregatorV3 feed of the lab, for readers that call only
/// that (Aave v3's AaveOracle). It holds no state: every call reads the source's `latestRoundData()`, so a lagged
/// feed's latency applies unchanged.
contract LatestAnswerFeed {
    /// @notice The feed every answer is read from.
    AggregatorV3Interface public immutable source;

    error ZeroSource();

    constructor(AggregatorV3Interface source_) {
        if (address(source_) == address(0)) revert ZeroSource();
        source = source_;
    }

    /// @notice The source's latest answer, in its decimals.
    function latestAnswer() external view returns (int256 answer) {
        (, answer,,,) = source.latestRoundData();
    }

    /// @notice The source's `updatedAt` of that answer (unix seconds).
    function latestTimestamp() external view returns (uint256 updatedAt) {
        (,,, updatedAt,) = source.latestRoundData();
    }

    /// @notice The source's decimals.
    function decimals() external view returns (uint8) {
        return source.decimals();
    }
}
