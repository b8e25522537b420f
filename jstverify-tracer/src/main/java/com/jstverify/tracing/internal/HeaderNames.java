package com.jstverify.tracing.internal;

import com.jstverify.tracing.JstVerifySpanContext;
import com.jstverify.tracing.propagation.Propagator;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The header names the propagators read, in lower case, each with the spelling they write on
 * inject ({@code X-JstVerify-Trace-Id}). Incoming names are compared with both first, with
 * {@code String.equals}, which the JVM vectorizes; the case-insensitive compare is the fallback.
 * Peers of the same kind usually spell headers the way they write them, and HTTP/2 lowercases
 * them all.
 *
 * <pre>{@code
 * HeaderNames names = HeaderNames.of(propagator);   // once, when the tracer is built
 * Propagator.Getter getter = Carriers.textGetter(carrier, names);
 * }</pre>
 */
public final class HeaderNames {
  private static final Logger LOG = Logger.getLogger(HeaderNames.class.getName());

  final String[] lowerCase;
  final String[] spelled;

  private HeaderNames(String[] lowerCase, String[] spelled) {
    this.lowerCase = lowerCase;
    this.spelled = spelled;
  }

  /**
   * The fields of {@code propagator}, with the spellings it uses: found by letting it inject a
   * sample context (with baggage and a trace state, so every header is written).
   */
  public static HeaderNames of(Propagator propagator) {
    List<String> fields = propagator.fields();
    String[] lowerCase = new String[fields.size()];
    String[] spelled = new String[fields.size()];
    for (int i = 0; i < lowerCase.length; i++) {
      String field = fields.get(i);
      String lower = field.toLowerCase(Locale.ROOT);
      // Keep the propagator's own string: indexOfLowerCase compares references first.
      lowerCase[i] = lower.equals(field) ? field : lower;
      spelled[i] = lowerCase[i];
    }
    JstVerifySpanContext sample =
        JstVerifySpanContext.of(
            1L, 1L, 1L, JstVerifySpanContext.FLAG_SAMPLED, Collections.singletonMap("k", "v"), "k=v");
    try {
      propagator.inject(
          sample,
          (name, value) -> {
            if (name == null) return;
            for (int i = 0; i < lowerCase.length; i++) {
              if (lowerCase[i].equalsIgnoreCase(name)) spelled[i] = name;
            }
          });
    } catch (RuntimeException e) {
      // Only an optimization: without the spellings, names are still compared case-insensitively.
      LOG.log(Level.FINE, "could not learn how " + propagator + " spells its headers", e);
    }
    return new HeaderNames(lowerCase, spelled);
  }

  /** The index of the field {@code name} is, whatever its case, or -1. */
  int indexOf(String name) {
    int length = name.length();
    for (int i = 0; i < lowerCase.length; i++) {
      String field = lowerCase[i];
      if (field.length() != length) continue; // most headers are told apart here
      String spelling = spelled[i];
      if (spelling.equals(name)
          || (spelling != field && field.equals(name))
          || equalsAsciiIgnoreCase(field, name)) {
        return i;
      }
    }
    return -1;
  }

  /** The index of the field {@code lowerCaseName}, exactly as {@link Propagator#fields} give it. */
  int indexOfLowerCase(String lowerCaseName) {
    // Propagators ask with the very strings their fields() gave: a reference compare finds them.
    for (int i = 0; i < lowerCase.length; i++) {
      if (lowerCase[i] == lowerCaseName) return i;
    }
    for (int i = 0; i < lowerCase.length; i++) {
      if (lowerCase[i].equals(lowerCaseName)) return i;
    }
    return -1;
  }

  int size() {
    return lowerCase.length;
  }

  /**
   * Header names are ASCII tokens: only A-Z fold (unlike {@code equalsIgnoreCase}, which folds
   * Unicode too, and compares slower). {@code lower} is lower case; the lengths are equal.
   */
  private static boolean equalsAsciiIgnoreCase(String lower, String name) {
    for (int i = 0, n = lower.length(); i < n; i++) {
      char c = name.charAt(i);
      if (c >= 'A' && c <= 'Z') c = (char) (c + ('a' - 'A'));
      if (c != lower.charAt(i)) return false;
    }
    return true;
  }
}
