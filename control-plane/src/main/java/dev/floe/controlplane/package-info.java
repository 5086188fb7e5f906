/**
 * Floe's chain-neutral control plane API: {@link dev.floe.controlplane.ControlPlane} and the values
 * it speaks in (deployment, nodes, committees, epochs, prices, storage, blobs, stake), plus the
 * {@link dev.floe.controlplane.ControlPlaneException} family. No chain library type appears here;
 * the EVM implementation lives in {@code dev.floe.controlplane.evm}.
 */
package dev.floe.controlplane;
