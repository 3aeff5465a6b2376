// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";

/// @title FeedMetadata
/// @notice The AggregatorV3 metadata every feed here reports the same way: decimals fixed at deployment, a
/// human-readable description, and our own implementation version (not Chainlink's).
abstract contract FeedMetadata is AggregatorV3Interface {
    uint256 private constant VERSION = 1;

    uint8 internal immutable _decimals;
    string internal _description;

    constructor(uint8 decimals_, string memory description_) {
        _decimals = decimals_;
        _description = description_;
    }

    /// @inheritdoc AggregatorV3Interface
    function decimals() external view returns (uint8) {
        return _decimals;
    }

    /// @inheritdoc AggregatorV3Interface
    function description() external view returns (string memory) {
        return _description;
    }

    /// @inheritdoc AggregatorV3Interface
    function version() external pure returns (uint256) {
        return VERSION;
    }
}
