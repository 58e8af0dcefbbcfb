package io.docpipe.scraper;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The HTTP client's only way to learn where to connect. It resolves a host once, checks every address against the
 * {@link AddressPolicy}, and returns exactly the checked addresses, which the client's connection operator then
 * connects to: a second DNS answer (rebinding) is never asked for between check and connect. An address literal
 * never goes to DNS. Every hop of a redirect connects through here too.
 */
final class CheckedDnsResolver implements DnsResolver {
  /** Name resolution; {@code InetAddress::getAllByName} in production, a fixed map in tests. */
  @FunctionalInterface
  interface NameLookup {
    InetAddress[] lookup(String name) throws UnknownHostException;
  }

  private final AddressPolicy policy;
  private final NameLookup names;

  CheckedDnsResolver(AddressPolicy policy, NameLookup names) {
    this.policy = policy;
    this.names = names;
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    String canonical;
    Optional<byte[]> literal;
    try {
      canonical = Hosts.canonical(host.startsWith("[") || host.indexOf(':') < 0 ? host : "[" + host + "]");
      literal = Hosts.literal(canonical);
    } catch (IllegalArgumentException e) {
      throw new UnknownHostException("not a valid host: " + e.getMessage());
    }
    InetAddress[] found = literal.isPresent() ? new InetAddress[] {address(canonical, literal.get())} : names.lookup(canonical);
    if (found == null || found.length == 0) throw new UnknownHostException(canonical + " has no addresses");
    return policy.check(canonical, found);
  }

  // InetAddress.getByAddress turns ::ffff:a.b.c.d into a.b.c.d; the policy must see the 16 bytes that were written.
  private static InetAddress address(String host, byte[] bytes) throws UnknownHostException {
    return bytes.length == 16 ? Inet6Address.getByAddress(host, bytes, -1) : InetAddress.getByAddress(host, bytes);
  }

  /** The same checked addresses; overridden so no default of a later client version can bypass {@link #resolve}. */
  @Override
  public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
    return Arrays.stream(resolve(host)).map(address -> new InetSocketAddress(address, port)).toList();
  }

  /** Never a reverse lookup: the client uses this only for authentication schemes we do not enable. */
  @Override
  public String resolveCanonicalHostname(String host) {
    return host;
  }
}
