/**
 * The narrow view of the control plane a storage node needs ({@link dev.floe.node.chain.NodeChain}):
 * epoch and committee, blob registration state, an ordered event feed from a persisted cursor, and
 * the few transactions a node sends. {@link dev.floe.node.chain.ControlPlaneNodeChain} adapts the
 * chain-neutral {@code ControlPlane}; everything else in the node sees only these types. Besides:
 * {@link dev.floe.node.chain.ActiveSetKeeper} (with {@link dev.floe.node.chain.ActiveSetJoin}) puts
 * the node back into the stake-bounded active set once per epoch when it fits. (The operator's
 * transaction fee settings are {@link dev.floe.controlplane.evm.FeeSettings}.)
 */
package dev.floe.node.chain;
