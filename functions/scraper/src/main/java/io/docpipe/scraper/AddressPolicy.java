package io.docpipe.scraper;

import io.docpipe.shared.StageFailure;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.Set;

/**
 * Where the scraper may connect: public addresses ({@link AddressRanges}) on the allowed ports, so a submitted URL
 * cannot reach the VPC, the metadata service or this host. A host is refused whole when any address it resolves to is
 * blocked: a name that answers public and private at once is hostile. The local stack names loopback hosts
 * (SCRAPER_ALLOW_LOOPBACK_HOSTS); such a host reaches loopback addresses, and nothing else, on any port.
 */
final class AddressPolicy {
  /** A host refused at connect time; an UnknownHostException because that is what a DnsResolver may throw. */
  static final class Blocked extends UnknownHostException {
    Blocked(String message) {
      super(message);
    }
  }

  private final AddressRanges blocked;
  private final Set<Integer> ports;
  private final Set<String> loopbackHosts;

  /** {@code loopbackHosts} in canonical form ({@link Hosts#canonical}). */
  AddressPolicy(AddressRanges blocked, Set<Integer> ports, Set<String> loopbackHosts) {
    this.blocked = blocked;
    this.ports = Set.copyOf(ports);
    this.loopbackHosts = Set.copyOf(loopbackHosts);
  }

  static AddressPolicy of(ScraperConfig config) {
    return new AddressPolicy(AddressRanges.standard().plus(config.blockedCidrs()), config.allowedPorts(),
        config.loopbackHosts());
  }

  void checkPort(Target target) {
    if (!ports.contains(target.port()) && !loopbackHosts.contains(target.host())) {
      throw StageFailure.permanent("blocked_port", "port " + target.port() + " is not an allowed port");
    }
  }

  /** Checks every address of {@code host} (canonical) and returns them as new objects built from the checked bytes. */
  InetAddress[] check(String host, InetAddress[] addresses) throws UnknownHostException {
    boolean loopbackHost = loopbackHosts.contains(host);
    InetAddress[] checked = new InetAddress[addresses.length];
    for (int i = 0; i < addresses.length; i++) {
      byte[] bytes = addresses[i].getAddress();
      Optional<String> why = loopbackHost
          ? AddressRanges.loopback(bytes) ? Optional.empty() : Optional.of("not loopback, and the host is a local-only loopback host")
          : blocked.blockedBy(bytes);
      if (why.isPresent()) {
        String what = Hosts.literal(host).isPresent() ? "address " + host : "host " + host + " resolves to " + IpLiterals.format(bytes);
        throw new Blocked(what + ", which is blocked: " + why.get());
      }
      checked[i] = InetAddress.getByAddress(host, bytes);
    }
    return checked;
  }
}
