package com.jstverify.tracing.propagation;

/** Small text rules shared by the propagators. */
final class HeaderText {
  private HeaderText() {}

  /** HTTP optional whitespace: space and tab (CR, LF and NUL make a value malformed). */
  static boolean isOws(char c) {
    return c == ' ' || c == '\t';
  }

  /** Header values come from strangers: keep log lines short, printable and on one line. */
  static String logSafe(String value) {
    int max = Math.min(value.length(), 64);
    StringBuilder b = new StringBuilder(max + 24).append('\'');
    for (int i = 0; i < max; i++) {
      char c = value.charAt(i);
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    b.append('\'');
    if (value.length() > max) b.append("... (").append(value.length()).append(" chars)");
    return b.toString();
  }
}
