// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title MockAggregator
/// @notice Test-only Chainlink-style feed whose round data is set directly, and which can be told to misbehave
/// (revert, or return too little data) to test how consumers cope. Tests and simulations only.
contract MockAggregator {
    enum Mode {
        Normal,
        Revert,
        ShortReturn
    }

    error MockFeedDown();

    uint8 public immutable decimals;
    Mode public mode;
    uint80 private _roundId;
    int256 private _answer;
    uint256 private _updatedAt;

    constructor(uint8 decimals_) {
        decimals = decimals_;
    }

    function setRoundData(int256 answer, uint256 updatedAt) external {
        ++_roundId;
        _answer = answer;
        _updatedAt = updatedAt;
    }

    function setMode(Mode newMode) external {
        mode = newMode;
    }

    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        if (mode == Mode.Revert) revert MockFeedDown();
        if (mode == Mode.ShortReturn) {
            assembly {
                mstore(0, 1)
                return(0, 32)
            }
        }
        return (_roundId, _answer, _updatedAt, _updatedAt, _roundId);
    }
}
