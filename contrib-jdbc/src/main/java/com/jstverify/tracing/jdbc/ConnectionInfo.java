package com.jstverify.tracing.jdbc;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the service map needs to know about a database, read from its JDBC URL once per
 * connection: {@code jdbc:postgresql://db.internal:5432/orders} gives type {@code postgresql},
 * instance {@code orders}, host {@code db.internal}, port 5432.
 */
final class ConnectionInfo {
  static final ConnectionInfo UNKNOWN = new ConnectionInfo("sql", null, null, -1, null);
  /** {@code (key=value)} or {@code ,key=value,}: Oracle descriptors, MySQL's address forms. */
  private static final Pattern PROPERTY =
      Pattern.compile("[(,]\\s*(\\w+)\\s*=\\s*([^(),]*?)\\s*[),]");

  final String dbType;
  final String instance;
  final String host;
  final int port;
  final String user;

  ConnectionInfo(String dbType, String instance, String host, int port, String user) {
    this.dbType = dbType;
    this.instance = instance;
    this.host = host;
    this.port = port;
    this.user = user;
  }

  ConnectionInfo withUser(String newUser) {
    return new ConnectionInfo(dbType, instance, host, port, newUser);
  }

  /**
   * The name of the database node on the service map: {@code <type>/<instance>}, or the type
   * alone when the instance is unknown.
   */
  String peerService() {
    return instance == null ? dbType : dbType + "/" + instance;
  }

  /**
   * Whether this database's {@code '...'} literals take backslash escapes (MySQL, MariaDB,
   * ClickHouse, Snowflake...); standard SQL's do not. Only a database known to be standard says
   * no: guessing wrong that way ends a literal at {@code \'} and ships the next one.
   */
  boolean backslashEscapes() {
    switch (dbType) {
      case "h2":
      case "postgresql":
      case "oracle":
      case "sqlserver":
      case "db2":
      case "derby":
      case "hsqldb":
      case "sqlite":
        return false;
      default:
        return true;
    }
  }

  /** Parses a JDBC URL; anything it cannot read is left unknown, never an exception. */
  static ConnectionInfo parse(String url) {
    if (url == null || !url.regionMatches(true, 0, "jdbc:", 0, 5)) return UNKNOWN;
    int typeEnd = url.indexOf(':', 5);
    if (typeEnd < 0) return UNKNOWN;
    String type = url.substring(5, typeEnd).toLowerCase(Locale.ROOT);
    String rest = url.substring(typeEnd + 1);
    if (type.equals("oracle")) return parseOracle(rest);
    String host = null;
    int port = -1;
    String path = rest;
    int slashes = rest.indexOf("//");
    if (slashes >= 0 && (slashes == 0 || rest.substring(0, slashes).matches("[a-zA-Z]+:"))) {
      String authorityAndPath = rest.substring(slashes + 2);
      int authorityEnd = firstOf(authorityAndPath, "/;?");
      String authority =
          authorityEnd < 0 ? authorityAndPath : authorityAndPath.substring(0, authorityEnd);
      if (authority.indexOf('(') >= 0) {
        // MySQL's address=(host=h)(port=3306)(password=...) and (host=h,port=3306,...) forms: the
        // host and port are read by name; the text itself, credentials and all, is no host name.
        host = property(authority, "host");
        String p = property(authority, "port");
        port = p == null ? -1 : parsePort(p);
      } else {
        int at = authority.lastIndexOf('@');
        if (at >= 0) authority = authority.substring(at + 1);
        int comma = authority.indexOf(',');
        if (comma >= 0) authority = authority.substring(0, comma); // first of several hosts
        int colon = authority.lastIndexOf(':');
        if (colon > 0 && authority.indexOf(']') < colon) {
          host = authority.substring(0, colon);
          port = parsePort(authority.substring(colon + 1));
        } else {
          host = authority.isEmpty() ? null : authority;
        }
      }
      path = authorityEnd < 0 ? "" : authorityAndPath.substring(authorityEnd);
    } else if (type.equals("h2") && rest.startsWith("mem:")) {
      path = rest.substring(4);
    }
    return new ConnectionInfo(type, instanceFrom(path), host, port, null);
  }

  /**
   * Oracle's forms after {@code jdbc:oracle:thin:} (or {@code oci:}): {@code [user/password]@}
   * then {@code host:port:SID}, {@code [//]host[:port]/service}, a {@code (DESCRIPTION=...)}, or a
   * tnsnames alias. Everything up to the last {@code @} is credentials, and never read: the
   * generic parser took {@code scott/tiger@mydb} for a path and shipped {@code tiger@mydb} as the
   * instance.
   */
  private static ConnectionInfo parseOracle(String rest) {
    int at = rest.lastIndexOf('@');
    if (at < 0) return new ConnectionInfo("oracle", null, null, -1, null);
    String target = rest.substring(at + 1);
    int query = target.indexOf('?');
    if (query >= 0) target = target.substring(0, query);
    if (target.startsWith("(")) {
      String service = property(target, "SERVICE_NAME");
      String port = property(target, "PORT");
      return new ConnectionInfo(
          "oracle",
          service != null ? service : property(target, "SID"),
          property(target, "HOST"),
          port == null ? -1 : parsePort(port),
          null);
    }
    boolean ezConnect = target.startsWith("//");
    if (ezConnect) target = target.substring(2);
    String instance = null;
    int slash = target.indexOf('/');
    if (slash >= 0) {
      ezConnect = true;
      instance = target.substring(slash + 1);
      target = target.substring(0, slash);
    }
    int hostEnd = target.indexOf(':', target.startsWith("[") ? target.indexOf(']') + 1 : 0);
    String host = hostEnd < 0 ? target : target.substring(0, hostEnd);
    int port = -1;
    if (hostEnd >= 0) {
      ezConnect = true;
      String portAndSid = target.substring(hostEnd + 1);
      int colon = portAndSid.indexOf(':');
      if (colon >= 0) {
        if (instance == null) instance = portAndSid.substring(colon + 1);
        portAndSid = portAndSid.substring(0, colon);
      }
      port = parsePort(portAndSid);
    }
    if (!ezConnect) return new ConnectionInfo("oracle", emptyToNull(host), null, -1, null); // alias
    return new ConnectionInfo("oracle", emptyToNull(instance), emptyToNull(host), port, null);
  }

  /** The value of {@code (key=value)} or {@code ,key=value,} in {@code s}, case-insensitive. */
  private static String property(String s, String key) {
    Matcher m = PROPERTY.matcher(s);
    for (int from = 0; from < s.length() && m.find(from); from = m.end(2)) {
      if (m.group(1).equalsIgnoreCase(key)) return emptyToNull(m.group(2));
    }
    return null;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static String instanceFrom(String path) {
    int end = firstOf(path, ";?");
    String p = end < 0 ? path : path.substring(0, end);
    int lastSlash = Math.max(p.lastIndexOf('/'), p.lastIndexOf(':'));
    String name = lastSlash >= 0 ? p.substring(lastSlash + 1) : p;
    if (name.isEmpty()) {
      // SQL Server style: ;databaseName=orders
      String lower = path.toLowerCase(Locale.ROOT);
      int i = lower.indexOf("databasename=");
      if (i >= 0) {
        String v = path.substring(i + "databasename=".length());
        int stop = firstOf(v, ";&");
        name = stop < 0 ? v : v.substring(0, stop);
      }
    }
    return name.isEmpty() ? null : name;
  }

  private static int firstOf(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) return i;
    }
    return -1;
  }

  private static int parsePort(String s) {
    try {
      int p = Integer.parseInt(s);
      return p > 0 && p < 65536 ? p : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
