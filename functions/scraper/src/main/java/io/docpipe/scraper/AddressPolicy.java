package io.docpipe.scraper;

import io.docpipe.shared.StageFailure;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which addresses the scraper may connect to: public ones only, so a submitted URL cannot reach the VPC, the metadata
 * service or this host. Loopback is allowed only when the local stack asks for it.
 */
final class AddressPolicy {
  private final boolean allowLoopback;

  AddressPolicy(boolean allowLoopback) {
    this.allowLoopback = allowLoopback;
  }

  /** Resolves {@code host} and checks every address it resolves to. */
  void check(String host) {
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw StageFailure.permanent("unresolvable_host", "host does not resolve");
    }
    for (InetAddress address : addresses) {
      if (address.isLoopbackAddress() && allowLoopback) continue;
      if (blocked(address)) throw StageFailure.permanent("blocked_address", "host resolves to a non-public address");
    }
  }

  static boolean blocked(InetAddress a) {
    return a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
        || a.isMulticastAddress() || uniqueLocalOrCgnat(a.getAddress());
  }

  private static boolean uniqueLocalOrCgnat(byte[] b) {
    if (b.length == 16) return (b[0] & 0xfe) == 0xfc; // fc00::/7
    return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64; // 100.64.0.0/10
  }
}
