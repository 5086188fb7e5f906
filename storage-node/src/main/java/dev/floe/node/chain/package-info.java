/**
 * The narrow view of the control plane a storage node needs ({@link dev.floe.node.chain.NodeChain}):
 * epoch and committee, blob registration state, an ordered event feed from a persisted cursor, and
 * the few transactions a node sends. {@link dev.floe.node.chain.ControlPlaneNodeChain} adapts the
 * chain-neutral {@code ControlPlane}; everything else in the node sees only these types.
 */
package dev.floe.node.chain;
