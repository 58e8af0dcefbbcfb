package io.docpipe.scraper;

import io.docpipe.shared.Env;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The scraper's settings. {@code loopbackHosts} exists for the local stack only (so a developer can ingest pages
 * served on this machine): the hosts, by name or address, that may reach loopback addresses, on any port.
 * template.yaml never sets {@code SCRAPER_ALLOW_LOOPBACK_HOSTS}, nor the older {@code SCRAPER_ALLOW_LOOPBACK=true},
 * which still means "127.0.0.1,localhost,::1".
 */
record ScraperConfig(String jobsTable, String bucket, String chunkQueueUrl, long maxBytes, Duration connectTimeout,
    Duration timeout, Set<Integer> allowedPorts, List<Cidr> blockedCidrs, Set<String> loopbackHosts) {
  private static final String LEGACY_LOOPBACK_HOSTS = "127.0.0.1,localhost,::1";

  static ScraperConfig fromEnv(Env env) {
    return new ScraperConfig(
        env.required("JOBS_TABLE"),
        env.required("DOCUMENTS_BUCKET"),
        env.required("CHUNK_QUEUE_URL"),
        env.intValue("SCRAPER_MAX_BYTES", 5 * 1024 * 1024, 1024, 100 * 1024 * 1024),
        Duration.ofMillis(env.intValue("SCRAPER_CONNECT_TIMEOUT_MS", 5_000, 100, 60_000)),
        Duration.ofMillis(env.intValue("SCRAPER_TIMEOUT_MS", 10_000, 100, 600_000)),
        ports(env),
        cidrs(env),
        loopbackHosts(env));
  }

  private static Set<Integer> ports(Env env) {
    Set<Integer> ports = new LinkedHashSet<>();
    for (String item : list(env, "SCRAPER_ALLOWED_PORTS", "80,443")) {
      if (!item.matches("[0-9]{1,5}") || Integer.parseInt(item) < 1 || Integer.parseInt(item) > 65_535) {
        throw invalid("SCRAPER_ALLOWED_PORTS", "'" + item + "' is not a port (1-65535)");
      }
      ports.add(Integer.parseInt(item));
    }
    if (ports.isEmpty()) throw invalid("SCRAPER_ALLOWED_PORTS", "no port given");
    return Set.copyOf(ports);
  }

  private static List<Cidr> cidrs(Env env) {
    List<Cidr> cidrs = new ArrayList<>();
    for (String item : list(env, "SCRAPER_BLOCKED_CIDRS", "")) {
      try {
        cidrs.add(Cidr.parse(item));
      } catch (IllegalArgumentException e) {
        throw invalid("SCRAPER_BLOCKED_CIDRS", e.getMessage());
      }
    }
    return List.copyOf(cidrs);
  }

  private static Set<String> loopbackHosts(Env env) {
    List<String> items = new ArrayList<>(list(env, "SCRAPER_ALLOW_LOOPBACK_HOSTS", ""));
    if (env.flag("SCRAPER_ALLOW_LOOPBACK")) items.addAll(List.of(LEGACY_LOOPBACK_HOSTS.split(",")));
    Set<String> hosts = new LinkedHashSet<>();
    for (String item : items) {
      String host;
      try {
        host = Hosts.canonical(item.indexOf(':') >= 0 && !item.startsWith("[") ? "[" + item + "]" : item);
      } catch (IllegalArgumentException e) {
        throw invalid("SCRAPER_ALLOW_LOOPBACK_HOSTS", "'" + item + "': " + e.getMessage());
      }
      if (Hosts.literal(host).filter(address -> !AddressRanges.loopback(address)).isPresent()) {
        throw invalid("SCRAPER_ALLOW_LOOPBACK_HOSTS", "'" + item + "' is not a loopback address");
      }
      hosts.add(host);
    }
    return Set.copyOf(hosts);
  }

  private static List<String> list(Env env, String name, String fallback) {
    List<String> items = new ArrayList<>();
    for (String item : env.optional(name, fallback).split(",")) {
      if (!item.isBlank()) items.add(item.trim());
    }
    return items;
  }

  private static IllegalArgumentException invalid(String name, String why) {
    return new IllegalArgumentException("environment variable " + name + " is invalid: " + why);
  }
}
