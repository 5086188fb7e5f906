/**
 * Fetching for reads: {@link dev.floe.client.read.HedgedFetcher} asks nodes for verified items,
 * replaces failed or lying nodes, and hedges slow ones.
 */
package dev.floe.client.read;
