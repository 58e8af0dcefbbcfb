package io.docpipe.scraper;

import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Set;

/** Fetchers wired as in production, with a policy and a name lookup of the test's choosing; nothing asks real DNS. */
final class Fetchers {
  /** A lookup that knows no names. */
  static final CheckedDnsResolver.NameLookup NO_NAMES = name -> {
    throw new UnknownHostException(name);
  };

  private Fetchers() {}

  /** The standard blocks, ports 80 and 443, and these hosts allowed to reach loopback on any port. */
  static AddressPolicy loopbackHosts(String... hosts) {
    return new AddressPolicy(AddressRanges.standard(), Set.of(80, 443), Set.of(hosts));
  }

  static PageFetcher fetcher(AddressPolicy policy, CheckedDnsResolver.NameLookup names, long maxBytes, Duration timeout) {
    return new PageFetcher(FetchClient.create(Duration.ofSeconds(2), new CheckedDnsResolver(policy, names)), policy,
        maxBytes, timeout);
  }
}
