package io.docpipe.shared.pg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQL with {@code :name} parameters, turned into a JDBC statement with {@code ?} once: the search statements use some
 * values several times (the corpus, the query vector), and positional indexes for a dozen of them are a bug waiting.
 * A {@code ::} cast is left alone.
 */
final class NamedSql {
  private static final Pattern PARAMETER = Pattern.compile("(?<!:):([a-z_]+)");

  private final String source;
  private final String jdbc;
  private final List<String> order;

  NamedSql(String sql) {
    this.source = sql;
    Matcher m = PARAMETER.matcher(sql);
    List<String> names = new ArrayList<>();
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      names.add(m.group(1));
      m.appendReplacement(out, "?");
    }
    m.appendTail(out);
    this.jdbc = out.toString();
    this.order = List.copyOf(names);
  }

  /** The same statement under EXPLAIN, for a test that checks which plan it gets. */
  NamedSql explain() {
    return new NamedSql("EXPLAIN " + source);
  }

  /** A statement with every parameter bound from {@code values}; a name without a value fails at once. */
  PreparedStatement prepare(Connection c, Map<String, Object> values) throws SQLException {
    PreparedStatement ps = c.prepareStatement(jdbc);
    try {
      for (int i = 0; i < order.size(); i++) {
        String name = order.get(i);
        if (!values.containsKey(name)) throw new IllegalArgumentException("no value for :" + name);
        ps.setObject(i + 1, values.get(name));
      }
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }
}
