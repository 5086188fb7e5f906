package dev.floe.node.http;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.encoding.SymbolId;
import dev.floe.core.protocol.ErrorReason;
import dev.floe.core.protocol.QueryParams;
import dev.floe.core.protocol.Routes;
import dev.floe.node.service.InconsistencyService;
import dev.floe.node.service.NodeException;
import dev.floe.node.service.SymbolService;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Recovery symbols, decoding symbols and inconsistency proofs. */
final class SymbolHandlers {
  private final SymbolService symbols;
  private final InconsistencyService inconsistency;
  private final Responder responder;
  private final int maxIds;

  SymbolHandlers(SymbolService symbols, InconsistencyService inconsistency, Responder responder, int maxIds) {
    this.symbols = symbols;
    this.inconsistency = inconsistency;
    this.responder = responder;
    this.maxIds = maxIds;
  }

  void recoverySymbols(RoutingContext ctx) {
    try {
      BlobId id = BlobDataHandlers.blobId(ctx);
      List<String> ids = ctx.queryParam(QueryParams.SYMBOL_ID);
      if (!ids.isEmpty()) {
        if (ids.size() > maxIds) {
          throw new NodeException(ErrorReason.INVALID_PARAMETER,
              "at most " + maxIds + " symbol IDs per request, got " + ids.size());
        }
        List<SymbolId> parsed = new ArrayList<>(ids.size());
        for (String s : ids) {
          parsed.add(SymbolId.parse(s));
        }
        List<String> axis = ctx.queryParam(QueryParams.PROOF_AXIS);
        Optional<SliverType> proofAxis = axis.isEmpty() ? Optional.empty() : Optional.of(Routes.parseSliverType(axis.get(0)));
        responder.blocking(ctx, () -> symbols.recoverySymbols(id, parsed, proofAxis), Responder::bcs);
        return;
      }
      int target = Routes.parseU16(single(ctx, QueryParams.TARGET_SLIVER), "target sliver index");
      SliverType type = Routes.parseSliverType(single(ctx, QueryParams.TARGET_TYPE));
      responder.blocking(ctx, () -> symbols.recoverySymbolsForTarget(id, target, type), Responder::bcs);
    } catch (RuntimeException e) {
      responder.fail(ctx, e);
    }
  }

  void decodingSymbols(RoutingContext ctx) {
    try {
      BlobId id = BlobDataHandlers.blobId(ctx);
      String list = single(ctx, QueryParams.TARGET_SLIVERS);
      String[] parts = list.split(",", -1);
      if (parts.length > maxIds) {
        throw new NodeException(ErrorReason.INVALID_PARAMETER,
            "at most " + maxIds + " target slivers per request, got " + parts.length);
      }
      List<Integer> targets = new ArrayList<>(parts.length);
      for (String p : parts) {
        targets.add(Routes.parseU16(p.strip(), "target sliver index"));
      }
      SliverType type = Routes.parseSliverType(single(ctx, QueryParams.TARGET_TYPE));
      responder.blocking(ctx, () -> symbols.decodingSymbols(id, targets, type), Responder::bcs);
    } catch (RuntimeException e) {
      responder.fail(ctx, e);
    }
  }

  void inconsistencyProof(RoutingContext ctx) {
    try {
      BlobId id = BlobDataHandlers.blobId(ctx);
      SliverType type = BlobDataHandlers.sliverType(ctx);
      byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
      responder.blocking(ctx, () -> inconsistency.attest(id, type, body),
          (c, signed) -> Responder.success(c, 200, Json.signedMessage(signed)));
    } catch (RuntimeException e) {
      responder.fail(ctx, e);
    }
  }

  private static String single(RoutingContext ctx, String name) {
    List<String> v = ctx.queryParam(name);
    if (v.size() != 1) {
      throw new NodeException(ErrorReason.INVALID_PARAMETER,
          "query parameter '" + name + "' is required exactly once");
    }
    return v.get(0);
  }
}
