package com.jstverify.tracing.jdbc;

/**
 * Replaces the literals of a SQL statement with {@code ?}, so that values (passwords, e-mail
 * addresses, ids) are not shipped in {@code db.statement}: {@code WHERE name = 'bob' AND age > 30}
 * becomes {@code WHERE name = ? AND age > ?}. Identifiers ({@code t1}, {@code "col 2"}),
 * placeholders and keywords are kept. One pass, no regex.
 */
final class SqlSanitizer {
  private SqlSanitizer() {}

  /** {@link #sanitize(String, boolean)} for a database of unknown dialect: MySQL's escapes. */
  static String sanitize(String sql) {
    return sanitize(sql, true);
  }

  /**
   * @param backslashEscapes whether a backslash escapes the next character of a {@code '...'}
   *     literal, as in MySQL and MariaDB. In standard SQL (H2, PostgreSQL, Oracle...) it is an
   *     ordinary character: {@code 'C:\'} ends there, and reading it as an escape would take the
   *     next literal's closing quote for an opening one and ship that literal's value. PostgreSQL's
   *     {@code E'...'} strings take backslash escapes in any case.
   */
  static String sanitize(String sql, boolean backslashEscapes) {
    if (sql == null) return null;
    int n = sql.length();
    StringBuilder out = null; // allocated on the first literal only
    int copiedUpTo = 0;
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      int literalEnd = -1;
      if (c == '\'') {
        literalEnd = endOfQuoted(sql, i, '\'', backslashEscapes || isEscapeString(sql, i));
      } else if (c == '"' || c == '`') {
        i = endOfQuoted(sql, i, c, false); // a quoted identifier: keep it
        continue;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        i = endOfLine(sql, i);
        continue;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int close = sql.indexOf("*/", i + 2);
        i = close < 0 ? n : close + 2;
        continue;
      } else if (c == '$' && (i + 1 < n) && (sql.charAt(i + 1) == '$' || isWordStart(sql.charAt(i + 1)))) {
        literalEnd = endOfDollarQuoted(sql, i);
      } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(sql.charAt(i + 1)))) {
        if (i == 0 || !isWordPart(sql.charAt(i - 1))) literalEnd = endOfNumber(sql, i);
      }
      if (literalEnd < 0) {
        i++;
        continue;
      }
      if (out == null) out = new StringBuilder(n);
      out.append(sql, copiedUpTo, i).append('?');
      copiedUpTo = literalEnd;
      i = literalEnd;
    }
    if (out == null) return sql;
    return out.append(sql, copiedUpTo, n).toString();
  }

  /**
   * The index after the closing quote; a doubled quote inside is an escaped one, and so is a
   * backslashed one when {@code backslashEscapes}.
   */
  private static int endOfQuoted(String sql, int start, char quote, boolean backslashEscapes) {
    int i = start + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      if (sql.charAt(i) == '\\' && backslashEscapes) i++;
      i++;
    }
    return sql.length();
  }

  /** Whether the quote at {@code quote} opens PostgreSQL's {@code E'...'} (escape string). */
  private static boolean isEscapeString(String sql, int quote) {
    if (quote < 1) return false;
    char e = sql.charAt(quote - 1);
    return (e == 'E' || e == 'e') && (quote < 2 || !isWordPart(sql.charAt(quote - 2)));
  }

  /** PostgreSQL's {@code $$...$$} or {@code $tag$...$tag$}; not a literal when no tag closes. */
  private static int endOfDollarQuoted(String sql, int start) {
    int tagEnd = sql.indexOf('$', start + 1);
    if (tagEnd < 0) return -1;
    for (int i = start + 1; i < tagEnd; i++) {
      if (!isWordPart(sql.charAt(i))) return -1; // $1 placeholders and the like
    }
    String tag = sql.substring(start, tagEnd + 1);
    int close = sql.indexOf(tag, tagEnd + 1);
    return close < 0 ? -1 : close + tag.length();
  }

  private static int endOfNumber(String sql, int start) {
    int i = start;
    int n = sql.length();
    if (sql.charAt(i) == '0' && i + 1 < n && (sql.charAt(i + 1) == 'x' || sql.charAt(i + 1) == 'X')) {
      i += 2;
      while (i < n && Character.digit(sql.charAt(i), 16) >= 0) i++;
      return i;
    }
    while (i < n && (isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) i++;
    if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
      int j = i + 1;
      if (j < n && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) j++;
      if (j < n && isDigit(sql.charAt(j))) {
        i = j;
        while (i < n && isDigit(sql.charAt(i))) i++;
      }
    }
    return i;
  }

  private static int endOfLine(String sql, int start) {
    int nl = sql.indexOf('\n', start);
    return nl < 0 ? sql.length() : nl + 1;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isWordStart(char c) {
    return Character.isLetter(c) || c == '_';
  }

  private static boolean isWordPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  /**
   * The first keyword of a statement, upper-cased ({@code SELECT}, {@code INSERT}...), skipping
   * whitespace, comments and opening parentheses; {@code "SQL"} when there is none.
   */
  static String verbOf(String sql) {
    if (sql == null) return "SQL";
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c) || c == '(' || c == '{') {
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        i = endOfLine(sql, i);
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int close = sql.indexOf("*/", i + 2);
        i = close < 0 ? n : close + 2;
      } else {
        break;
      }
    }
    int start = i;
    while (i < n && Character.isLetter(sql.charAt(i))) i++;
    if (i == start) return "SQL";
    return sql.substring(start, i).toUpperCase(java.util.Locale.ROOT);
  }
}
