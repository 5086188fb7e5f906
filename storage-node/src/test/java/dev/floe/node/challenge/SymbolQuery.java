package dev.floe.node.challenge;

import dev.floe.core.encoding.SliverType;
import dev.floe.core.encoding.SymbolId;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The symbol a recovery-symbol request asks for ({@code ?id=P-S&proofAxis=primary|secondary}), as a
 * fake member's HTTP handler reads it.
 */
record SymbolQuery(SymbolId symbol, SliverType axis) {
  static SymbolQuery parse(String rawQuery) {
    String id = null;
    SliverType axis = null;
    for (String kv : rawQuery.split("&")) {
      String[] p = kv.split("=", 2);
      String v = URLDecoder.decode(p[1], StandardCharsets.UTF_8);
      if (p[0].equals("id")) {
        id = v;
      } else if (p[0].equals("proofAxis")) {
        axis = v.equals("primary") ? SliverType.PRIMARY : SliverType.SECONDARY;
      }
    }
    return new SymbolQuery(SymbolId.parse(id), axis);
  }
}
