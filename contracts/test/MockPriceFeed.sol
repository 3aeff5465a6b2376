// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";

/// @title MockPriceFeed
/// @notice A Chainlink-compatible feed whose answer and timestamp tests set directly (no latency, no access control).
contract MockPriceFeed is AggregatorV3Interface {
    uint8 public immutable decimals;
    int256 public answer;
    uint256 public updatedAt;
    uint80 public roundId;
    /// @dev Every round's answer and time, so that `getRoundData` answers past rounds as Chainlink does.
    mapping(uint80 roundId => int256) private _answers;
    mapping(uint80 roundId => uint256) private _updatedAts;

    error UnknownRound(uint80 roundId);

    constructor(uint8 decimals_, int256 answer_) {
        decimals = decimals_;
        setAnswer(answer_);
    }

    /// @notice Sets the answer, stamped with the current block time.
    function setAnswer(int256 answer_) public {
        answer = answer_;
        updatedAt = block.timestamp;
        roundId += 1;
        _answers[roundId] = answer_;
        _updatedAts[roundId] = block.timestamp;
    }

    function setUpdatedAt(uint256 updatedAt_) external {
        updatedAt = updatedAt_;
        _updatedAts[roundId] = updatedAt_;
    }

    function description() external pure returns (string memory) {
        return "mock";
    }

    function version() external pure returns (uint256) {
        return 1;
    }

    /// @notice Round `id` as it was set (reverts `UnknownRound` for 0 and rounds not set yet).
    function getRoundData(uint80 id)
        external
        view
        returns (uint80, int256, uint256, uint256, uint80)
    {
        if (id == 0 || id > roundId) revert UnknownRound(id);
        return (id, _answers[id], _updatedAts[id], _updatedAts[id], id);
    }

    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        return (roundId, answer, updatedAt, updatedAt, roundId);
    }
}
