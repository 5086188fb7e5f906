/**
 * Chain event processing ({@link dev.floe.node.events.BlobEventProcessor}): events are applied in
 * chain order, each event's effects committed atomically with the cursor, so a restarted node
 * resumes exactly after the last processed event. Certifications trigger sliver recovery;
 * deletions, expiry and invalidation remove data; epoch changes update shard ownership.
 */
package dev.floe.node.events;
