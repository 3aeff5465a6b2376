// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

import {BridgeMessage} from "./BridgeMessage.sol";

/// @title BridgeVault
/// @notice Home-chain side of a lock-and-mint bridge: `lock` takes tokens in and emits a message the relayer carries
/// to the remote chain's BridgeMinter; `release` pays out a burn message relayed back from it, once per message.
/// @dev Conservation: balance = wrapped supply on the remote chain + locked and not yet minted + burned and not yet
/// released. The vault trusts its relayer for the content of a relayed burn (no proof is checked); what it enforces
/// is that each remote nonce pays at most once.
contract BridgeVault is AccessControl, ReentrancyGuard {
    using SafeERC20 for IERC20;

    bytes32 public constant RELAYER_ROLE = keccak256("RELAYER_ROLE");

    error ZeroAddress();
    error ZeroAmount();
    error AlreadyProcessed(bytes32 messageId);

    /// @notice A lock to be minted on the remote chain.
    event Locked(uint256 indexed nonce, address indexed sender, address indexed recipient, uint256 amount);
    /// @notice A remote burn paid out here.
    event Released(bytes32 indexed messageId, uint256 indexed remoteNonce, address indexed recipient, uint256 amount);

    IERC20 public immutable asset;
    /// @notice Chain id of the remote chain and address of the minter whose burns this vault releases.
    uint256 public immutable remoteChainId;
    address public remoteMinter;

    /// @notice Nonce the next lock gets.
    uint256 public nextNonce;
    /// @notice Sum of all locks, token units (never decreases).
    uint256 public totalLocked;
    /// @notice Sum of all releases, token units (never decreases).
    uint256 public totalReleased;
    mapping(bytes32 messageId => bool) public processed;

    constructor(address admin, IERC20 asset_, uint256 remoteChainId_) {
        if (admin == address(0) || address(asset_) == address(0)) revert ZeroAddress();
        asset = asset_;
        remoteChainId = remoteChainId_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @notice Points the vault at the remote minter (known only once it is deployed on the other chain).
    function setRemoteMinter(address minter) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (minter == address(0)) revert ZeroAddress();
        remoteMinter = minter;
    }

    /// @notice Locks `amount` of the asset for `recipient` on the remote chain.
    function lock(uint256 amount, address recipient) external nonReentrant returns (uint256 nonce) {
        if (amount == 0) revert ZeroAmount();
        if (recipient == address(0)) revert ZeroAddress();
        nonce = nextNonce++;
        totalLocked += amount;
        asset.safeTransferFrom(msg.sender, address(this), amount);
        emit Locked(nonce, msg.sender, recipient, amount);
    }

    /// @notice Pays out the remote minter's burn `remoteNonce`; a second call for the same nonce reverts.
    function release(uint256 remoteNonce, address recipient, uint256 amount)
        external
        onlyRole(RELAYER_ROLE)
        nonReentrant
    {
        if (recipient == address(0)) revert ZeroAddress();
        bytes32 messageId = BridgeMessage.id(remoteChainId, remoteMinter, remoteNonce);
        if (processed[messageId]) revert AlreadyProcessed(messageId);
        processed[messageId] = true;
        totalReleased += amount;
        asset.safeTransfer(recipient, amount);
        emit Released(messageId, remoteNonce, recipient, amount);
    }
}
