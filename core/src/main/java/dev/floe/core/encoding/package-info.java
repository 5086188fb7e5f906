/**
 * Red Stuff (Walrus "RS2"): the two-dimensional erasure code of Floe's data plane, byte-exact with
 * Walrus (checked against walrus-core compiled to WebAssembly).
 *
 * <p>A blob of L bytes becomes a message matrix of n-2f rows and n-f columns of S-byte symbols
 * ({@link dev.floe.core.encoding.EncodingConfig}), zero-padded and filled row by row. Each row is
 * extended to n symbols with RS(n-f, f) and each of the n columns to n symbols with RS(n-2f, 2f)
 * ({@link dev.floe.core.rs.ReedSolomon}). Primary sliver i is row i restricted to the first n-f
 * columns; secondary sliver j is column j restricted to the first n-2f rows. Each sliver's hash is
 * the Merkle root over the n symbols of its expanded row or column; the 2n hashes form the {@link
 * dev.floe.core.blob.BlobMetadata} and, through one more Merkle tree, the {@link
 * dev.floe.core.blob.BlobId}. Shard p stores sliver pair p: primary sliver p and secondary sliver
 * n-1-p.
 *
 * <ul>
 *   <li>{@link dev.floe.core.encoding.RedStuffEncoder}: blob to metadata and slivers, streaming
 *       from a {@link dev.floe.core.encoding.BlobSource} to a {@link
 *       dev.floe.core.encoding.SliverSink}, or metadata only;
 *   <li>{@link dev.floe.core.encoding.RedStuffDecoder}: any n-2f verified primary slivers to the
 *       blob, with a {@link dev.floe.core.encoding.ConsistencyCheck};
 *   <li>{@link dev.floe.core.encoding.SliverVerifier}: a sliver against the metadata;
 *   <li>{@link dev.floe.core.encoding.RecoverySymbolProducer} and {@link
 *       dev.floe.core.encoding.SliverRecovery}: rebuilding one lost sliver from symbols of other
 *       slivers with Merkle proofs, or producing an {@link
 *       dev.floe.core.encoding.InconsistencyProof};
 *   <li>{@link dev.floe.core.encoding.ByteRangeReader}: byte ranges from systematic slivers only;
 *   <li>wire types in BCS: {@link dev.floe.core.encoding.SliverData}, {@link
 *       dev.floe.core.encoding.DecodingSymbol}, {@link dev.floe.core.encoding.RecoverySymbol},
 *       {@link dev.floe.core.encoding.GeneralRecoverySymbol}, {@link
 *       dev.floe.core.encoding.InconsistencyProof}; {@link dev.floe.core.encoding.SymbolId} in text.
 * </ul>
 *
 * <p>Decoders of untrusted bytes throw only {@link dev.floe.core.errors.InvalidDataException}
 * subclasses.
 */
package dev.floe.core.encoding;
