package dev.floe.controlplane.evm;

import dev.floe.contracts.generated.FloeSystem;
import dev.floe.controlplane.Address;
import dev.floe.controlplane.BlobObject;
import dev.floe.controlplane.BlobRegistration;
import dev.floe.controlplane.BlobStatus;
import dev.floe.controlplane.ControlPlaneException;
import dev.floe.controlplane.ObjectId;
import dev.floe.controlplane.Prices;
import dev.floe.controlplane.StorageResource;
import dev.floe.controlplane.TokenAmount;
import dev.floe.core.blob.BlobId;
import dev.floe.core.messages.Certificate;
import java.math.BigInteger;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The storage and blob half of {@link EvmControlPlane}: calls to the system contract. Payments are
 * approved through {@code approver} before any paying transaction. Thread-safe.
 */
final class SystemCalls {
  private final EvmChain chain;
  private final FloeSystem system;
  private final String address;
  private final Supplier<CompletableFuture<Void>> approver;

  SystemCalls(EvmChain chain, FloeSystem system, String address, Supplier<CompletableFuture<Void>> approver) {
    this.chain = chain;
    this.system = system;
    this.address = address;
    this.approver = approver;
  }


  CompletableFuture<Prices> prices() {
    return chain.read("pricing", system.pricing()).thenApply(t -> new Prices(new TokenAmount(t.component1()),
        new TokenAmount(t.component2()), t.component3().longValueExact(), t.component4().longValueExact()));
  }

  CompletableFuture<StorageResource> reserveSpace(long encodedSize, int epochsAhead) {
    BigInteger size = Conversions.unsigned("encoded size", encodedSize, 64);
    BigInteger epochs = Conversions.unsigned("epochs ahead", epochsAhead, 32);
    return approver.get()
        .thenCompose(x -> chain.send(address, system.reserveSpace(size, epochs), "reserveSpace"))
        .thenCompose(r -> storageOrFail(ObjectId.of(FloeSystem.getStorageReservedEvents(r).get(0).storageId)));
  }

  CompletableFuture<Optional<StorageResource>> storage(ObjectId storageId) {
    return chain.read("getStorage", system.getStorage(storageId.toBytes())).thenApply(s ->
        Conversions.isZero(s.owner) ? Optional.empty() : Optional.of(Conversions.storage(storageId, s)));
  }

  private CompletableFuture<StorageResource> storageOrFail(ObjectId id) {
    return storage(id).thenApply(s -> s.orElseThrow(() -> new ControlPlaneException("storage " + id + " not found")));
  }

  CompletableFuture<BlobObject> registerBlob(ObjectId storageId, BlobRegistration r) {
    return approver.get()
        .thenCompose(x -> chain.send(address, system.registerBlob(storageId.toBytes(), r.blobId().toBytes(),
            r.rootHash().bytes(), BigInteger.valueOf(r.unencodedSize()), BigInteger.valueOf(r.encodingType().code()),
            r.deletable()), "registerBlob"))
        .thenCompose(this::registeredBlob);
  }

  CompletableFuture<BlobObject> reserveAndRegisterBlob(BlobRegistration r, int epochsAhead) {
    BigInteger epochs = Conversions.unsigned("epochs ahead", epochsAhead, 32);
    return approver.get()
        .thenCompose(x -> chain.send(address, system.reserveAndRegisterBlob(r.blobId().toBytes(),
            r.rootHash().bytes(), BigInteger.valueOf(r.unencodedSize()), BigInteger.valueOf(r.encodingType().code()),
            r.deletable(), epochs), "reserveAndRegisterBlob"))
        .thenCompose(this::registeredBlob);
  }

  private CompletableFuture<BlobObject> registeredBlob(TransactionReceipt receipt) {
    return blobOrFail(ObjectId.of(FloeSystem.getBlobRegisteredEvents(receipt).get(0).objectId));
  }

  CompletableFuture<BlobObject> certifyBlob(ObjectId blobObjectId, Certificate certificate) {
    return chain.send(address, system.certifyBlob(blobObjectId.toBytes(), Conversions.certificate(certificate)),
            "certifyBlob")
        .thenCompose(r -> blobOrFail(blobObjectId));
  }

  CompletableFuture<Void> invalidateBlobId(Certificate certificate) {
    return chain.send(address, system.invalidateBlobId(Conversions.certificate(certificate)), "invalidateBlobId")
        .thenApply(r -> null);
  }

  CompletableFuture<Void> reportChallengeFailure(Certificate certificate) {
    return chain.send(address, system.reportChallengeFailure(Conversions.certificate(certificate)),
            "reportChallengeFailure")
        .thenApply(r -> null);
  }

  CompletableFuture<byte[]> challengeSeed(int epoch) {
    return chain.read("challengeSeed", system.challengeSeed(Conversions.unsigned("epoch", epoch, 32)));
  }

  CompletableFuture<Boolean> challengeFailed(Address nodeId, int epoch) {
    return chain.read("challengeFailed",
        system.challengeFailed(Conversions.unsigned("epoch", epoch, 32), nodeId.toHex()));
  }

  CompletableFuture<BlobObject> extendBlob(ObjectId blobObjectId, int additionalEpochs) {
    BigInteger epochs = Conversions.unsigned("additional epochs", additionalEpochs, 32);
    return approver.get()
        .thenCompose(x -> chain.send(address, system.extendBlob(blobObjectId.toBytes(), epochs), "extendBlob"))
        .thenCompose(r -> blobOrFail(blobObjectId));
  }

  CompletableFuture<StorageResource> deleteBlob(ObjectId blobObjectId) {
    return chain.send(address, system.deleteBlob(blobObjectId.toBytes()), "deleteBlob")
        .thenCompose(r -> blobOrFail(blobObjectId))
        .thenCompose(b -> storageOrFail(b.storageId()));
  }

  CompletableFuture<Optional<BlobObject>> blob(ObjectId blobObjectId) {
    return chain.read("getBlob", system.getBlob(blobObjectId.toBytes()))
        .thenApply(b -> Conversions.isZero(b.owner) ? Optional.empty() : Optional.of(Conversions.blob(b)));
  }

  private CompletableFuture<BlobObject> blobOrFail(ObjectId id) {
    return blob(id).thenApply(b -> b.orElseThrow(() -> new ControlPlaneException("blob object " + id + " not found")));
  }

  CompletableFuture<BlobStatus> blobStatus(BlobId blobId) {
    return chain.read("blobStatus", system.blobStatus(blobId.toBytes())).thenApply(Conversions::status);
  }

  CompletableFuture<Boolean> isAvailable(BlobId blobId, int untilEpoch) {
    return chain.read("isAvailable",
        system.isAvailable(blobId.toBytes(), Conversions.unsigned("until epoch", untilEpoch, 32)));
  }

  /** The blob ID the system contract derives on-chain (Blake2b through the EIP-152 precompile). */
  CompletableFuture<BlobId> deriveBlobIdOnChain(int encodingType, long size, byte[] rootHash) {
    return chain.read("deriveBlobId", system.deriveBlobId(BigInteger.valueOf(encodingType), BigInteger.valueOf(size), rootHash))
        .thenApply(BlobId::of);
  }

  /** The encoded size the system contract bills for a blob of {@code size} bytes. */
  CompletableFuture<Long> encodedSizeOnChain(long size) {
    return chain.read("encodedSizeOf", system.encodedSizeOf(BigInteger.valueOf(size))).thenApply(BigInteger::longValueExact);
  }
}
