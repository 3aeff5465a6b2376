// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title BridgeMessage
/// @notice The identity of a bridge message: the chain and contract that emitted it and its nonce there. A relayed
/// message is processed at most once per identity, whatever amount or recipient a relayer attaches to it.
library BridgeMessage {
    /// @param sourceChainId Chain id of the chain the message was emitted on.
    /// @param source Contract that emitted it (the vault on the home chain, the minter on the remote one).
    /// @param nonce The emitter's sequence number for it (0, 1, 2, ...).
    function id(uint256 sourceChainId, address source, uint256 nonce) internal pure returns (bytes32) {
        return keccak256(abi.encode(sourceChainId, source, nonce));
    }
}
