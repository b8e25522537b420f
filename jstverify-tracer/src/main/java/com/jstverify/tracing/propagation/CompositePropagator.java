package com.jstverify.tracing.propagation;

import com.jstverify.tracing.JstVerifySpanContext;
import com.jstverify.tracing.internal.Throwables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs several propagators as one: all of them inject, and extract merges what they found with
 * the JstVerify pair as the primary source (wire-format.md section 1).
 *
 * <pre>{@code
 * Propagator propagation = CompositePropagator.parse("jstverify, w3c, baggage");
 * JstVerifySpanContext parent = propagation.extract(getter); // null when nothing usable came
 * }</pre>
 */
public final class CompositePropagator implements Propagator {
  private static final Logger LOG = Logger.getLogger(CompositePropagator.class.getName());
  private static final String EXPECTED =
      "expected a comma-separated list of jstverify, w3c, baggage";

  // What each propagator is, so that ours are called through their own final class. Called
  // through the interface, the default three meet at one call site, which the JIT then turns
  // into a table lookup inlining none of them: about a fifth of inject's time in the benchmarks.
  private static final byte OTHER = 0;
  private static final byte JSTVERIFY = 1;
  private static final byte W3C = 2;
  private static final byte BAGGAGE = 3;

  private final Propagator[] propagators;
  private final byte[] kinds;
  // Where the JstVerify pair and, after it, the W3C traceparent are read; -1 when not both.
  private final int jstVerifyIndex;
  private final List<String> fields;

  private CompositePropagator(Propagator[] propagators) {
    this.propagators = propagators;
    this.kinds = new byte[propagators.length];
    int jstVerify = -1;
    int w3c = -1;
    for (int i = 0; i < propagators.length; i++) {
      kinds[i] = kindOf(propagators[i]);
      if (jstVerify < 0 && kinds[i] == JSTVERIFY) jstVerify = i;
      if (jstVerify >= 0 && w3c < 0 && kinds[i] == W3C) w3c = i;
    }
    this.jstVerifyIndex = w3c > jstVerify ? jstVerify : -1;
    List<String> union = new ArrayList<>();
    for (Propagator propagator : propagators) {
      for (String field : propagator.fields()) {
        if (!union.contains(field)) union.add(field);
      }
    }
    this.fields = Collections.unmodifiableList(union);
  }

  /**
   * Runs {@code propagators} in this order; on extract, the first one that finds trace ids gives
   * the primary context. Nested composites are flattened.
   *
   * @throws NullPointerException when the array or one of its elements is null
   */
  public static CompositePropagator of(Propagator... propagators) {
    if (propagators == null) throw new NullPointerException("propagators == null");
    return of(Arrays.asList(propagators));
  }

  /** Like {@link #of(Propagator...)}. */
  public static CompositePropagator of(List<? extends Propagator> propagators) {
    if (propagators == null) throw new NullPointerException("propagators == null");
    List<Propagator> flat = new ArrayList<>(propagators.size());
    for (int i = 0; i < propagators.size(); i++) {
      Propagator propagator = propagators.get(i);
      if (propagator == null) throw new NullPointerException("propagators[" + i + "] == null");
      if (propagator instanceof CompositePropagator) {
        flat.addAll(Arrays.asList(((CompositePropagator) propagator).propagators));
      } else {
        flat.add(propagator);
      }
    }
    return new CompositePropagator(flat.toArray(new Propagator[0]));
  }

  /** The default: {@link JstVerifyHeaders}, {@link W3CTraceContext}, {@link W3CBaggage}. */
  public static CompositePropagator defaults() {
    return new CompositePropagator(
        new Propagator[] {new JstVerifyHeaders(), new W3CTraceContext(), new W3CBaggage()});
  }

  /**
   * The propagators named in the {@code JSTVERIFY_PROPAGATION} setting: a comma-separated list
   * of {@code jstverify}, {@code w3c} (traceparent and tracestate) and {@code baggage}, in any
   * case, with any whitespace; repeated names count once. The names choose which propagators
   * run, not their order: they always run in the default order, so the JstVerify pair stays the
   * primary source as the wire contract says.
   *
   * @throws IllegalArgumentException naming the setting when the list is empty or has an empty
   *     or unknown name
   */
  public static CompositePropagator parse(String commaSeparatedNames) {
    if (commaSeparatedNames == null) {
      throw new NullPointerException("commaSeparatedNames == null");
    }
    if (commaSeparatedNames.trim().isEmpty()) {
      throw new IllegalArgumentException("JSTVERIFY_PROPAGATION: is empty: " + EXPECTED);
    }
    boolean jstverify = false;
    boolean w3c = false;
    boolean baggage = false;
    int pos = 0;
    int length = commaSeparatedNames.length();
    while (pos <= length) {
      int comma = commaSeparatedNames.indexOf(',', pos);
      int end = comma < 0 ? length : comma;
      String name = commaSeparatedNames.substring(pos, end).trim();
      pos = end + 1;
      if (name.isEmpty()) {
        throw new IllegalArgumentException(
            "JSTVERIFY_PROPAGATION: empty propagation name in '"
                + commaSeparatedNames
                + "': "
                + EXPECTED);
      }
      switch (name.toLowerCase(Locale.ROOT)) {
        case "jstverify":
          jstverify = true;
          break;
        case "w3c":
          w3c = true;
          break;
        case "baggage":
          baggage = true;
          break;
        default:
          throw new IllegalArgumentException(
              "JSTVERIFY_PROPAGATION: unknown propagation '" + name + "': " + EXPECTED);
      }
    }
    List<Propagator> chosen = new ArrayList<>(3);
    if (jstverify) chosen.add(new JstVerifyHeaders());
    if (w3c) chosen.add(new W3CTraceContext());
    if (baggage) chosen.add(new W3CBaggage());
    return new CompositePropagator(chosen.toArray(new Propagator[0]));
  }

  /** The propagators run, in order. */
  public List<Propagator> propagators() {
    return Collections.unmodifiableList(Arrays.asList(propagators));
  }

  /** Every field of every propagator, in order, without duplicates. */
  @Override
  public List<String> fields() {
    return fields;
  }

  /** Runs every propagator; one that fails is logged and skipped, never stopping the others. */
  @Override
  public void inject(JstVerifySpanContext context, Setter setter) {
    for (int i = 0; i < propagators.length; i++) {
      Propagator propagator = propagators[i];
      try {
        switch (kinds[i]) {
          case JSTVERIFY:
            ((JstVerifyHeaders) propagator).inject(context, setter);
            break;
          case W3C:
            ((W3CTraceContext) propagator).inject(context, setter);
            break;
          case BAGGAGE:
            ((W3CBaggage) propagator).inject(context, setter);
            break;
          default:
            propagator.inject(context, setter);
        }
      } catch (Throwable t) {
        Throwables.propagateIfFatal(t); // one propagator's failure never stops the others
        logFailure(propagator, "failed to inject " + context, t);
      }
    }
  }

  /**
   * The context of the first propagator that found trace ids, with the baggage of all of them
   * (the primary's own first; a later key never replaces an earlier one). When the primary is
   * not W3C but a W3C {@code traceparent} of the same trace came too, its flags and
   * {@code tracestate} are kept; a {@code traceparent} of another trace is ignored whole.
   * Returns a baggage-only context when only baggage came, and {@code null} when nothing did.
   */
  @Override
  public JstVerifySpanContext extract(Getter getter) {
    // A peer like us sends the JstVerify pair and a traceparent naming the same span. Merged,
    // that is the W3C context (same ids, its flags and tracestate): then read the traceparent
    // alone, unless it turns out malformed.
    if (jstVerifyIndex >= 0 && sameSpanAsTraceparent(getter)) {
      JstVerifySpanContext context = extract(getter, jstVerifyIndex);
      if (context != null && context.hasIds()) return context;
    }
    return extract(getter, -1);
  }

  // One pass, merging as it goes: no array of results, and no map unless two carry baggage.
  private JstVerifySpanContext extract(Getter getter, int skipIndex) {
    JstVerifySpanContext first = null;
    int found = 0;
    JstVerifySpanContext primary = null;
    boolean primaryIsW3C = false;
    JstVerifySpanContext w3c = null; // the first W3C context with ids after the primary
    Map<String, String> otherBaggage = Collections.emptyMap(); // of all but the primary, in order
    boolean otherBaggageCopied = false;
    for (int i = 0; i < propagators.length; i++) {
      if (i == skipIndex) continue;
      JstVerifySpanContext context = extractSafely(i, getter);
      if (context == null) continue;
      if (found++ == 0) first = context;
      if (primary == null && context.hasIds()) {
        primary = context;
        primaryIsW3C = kinds[i] == W3C;
        continue;
      }
      if (primary != null && !primaryIsW3C && w3c == null && context.hasIds()
          && kinds[i] == W3C) {
        w3c = context;
      }
      Map<String, String> more = context.baggage();
      if (more.isEmpty()) continue;
      if (otherBaggage.isEmpty()) {
        otherBaggage = more; // nothing to merge yet: share the immutable map
      } else {
        if (!otherBaggageCopied) otherBaggage = new HashMap<>(otherBaggage);
        otherBaggageCopied = true;
        for (Map.Entry<String, String> item : more.entrySet()) {
          otherBaggage.putIfAbsent(item.getKey(), item.getValue());
        }
      }
    }
    if (found == 0) return null;
    if (primary == null) {
      if (found == 1) return first.baggage().isEmpty() ? null : first;
      return otherBaggage.isEmpty() ? null : JstVerifySpanContext.baggageOnly(otherBaggage);
    }

    // The primary's baggage first, then the others' in order, never overwriting a key.
    Map<String, String> baggage = primary.baggage();
    if (!otherBaggage.isEmpty()) {
      if (baggage.isEmpty()) {
        baggage = otherBaggage;
      } else {
        Map<String, String> merged = new HashMap<>(baggage);
        for (Map.Entry<String, String> item : otherBaggage.entrySet()) {
          merged.putIfAbsent(item.getKey(), item.getValue());
        }
        baggage = merged;
      }
    }

    JstVerifySpanContext base = primary;
    int flags = primary.flags();
    String traceState = primary.traceState();
    if (w3c != null && primary.sameTrace(w3c)) {
      // The same trace seen by a W3C peer: its sampling decision and vendors' state hold.
      flags = w3c.flags();
      traceState = w3c.traceState();
      // The same span through both header sets (a peer like us sends both): the W3C context
      // already is the merged one.
      if (w3c.spanId() == primary.spanId()) base = w3c;
    } else if (w3c != null && LOG.isLoggable(Level.FINE)) {
      LOG.fine(
          "Ignoring traceparent and tracestate of trace "
              + w3c.toTraceId()
              + ": the primary headers say trace "
              + primary.toTraceId());
    }
    if (baggage == base.baggage() && flags == base.flags() && traceState == base.traceState()) {
      return base;
    }
    return JstVerifySpanContext.of(
        primary.traceIdHigh(), primary.traceIdLow(), primary.spanId(), flags, baggage, traceState);
  }

  private static boolean sameSpanAsTraceparent(Getter getter) {
    try {
      return JstVerifyHeaders.sameSpanAsTraceparent(getter);
    } catch (RuntimeException e) {
      return false; // a getter that fails: the full pass below says what to do
    }
  }

  private JstVerifySpanContext extractSafely(int i, Getter getter) {
    Propagator propagator = propagators[i];
    try {
      switch (kinds[i]) {
        case JSTVERIFY:
          return ((JstVerifyHeaders) propagator).extract(getter);
        case W3C:
          return ((W3CTraceContext) propagator).extract(getter);
        case BAGGAGE:
          return ((W3CBaggage) propagator).extract(getter);
        default:
          return propagator.extract(getter);
      }
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      logFailure(propagator, "failed to extract; ignoring its headers", t);
      return null;
    }
  }

  // Out of line: the message building stays out of inject's and extract's compiled code.
  private static void logFailure(Propagator propagator, String what, Throwable t) {
    if (LOG.isLoggable(Level.FINE)) LOG.log(Level.FINE, propagator + " " + what, t);
  }

  private static byte kindOf(Propagator propagator) {
    // The classes are final: the casts above can never meet a subclass.
    if (propagator instanceof JstVerifyHeaders) return JSTVERIFY;
    if (propagator instanceof W3CTraceContext) return W3C;
    if (propagator instanceof W3CBaggage) return BAGGAGE;
    return OTHER;
  }

  @Override
  public String toString() {
    return "CompositePropagator" + Arrays.toString(propagators);
  }
}
