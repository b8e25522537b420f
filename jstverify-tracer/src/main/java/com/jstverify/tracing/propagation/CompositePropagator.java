package com.jstverify.tracing.propagation;

import com.jstverify.tracing.JstVerifySpanContext;
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

  private final Propagator[] propagators;
  private final List<String> fields;

  private CompositePropagator(Propagator[] propagators) {
    this.propagators = propagators;
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
    for (Propagator propagator : propagators) {
      try {
        propagator.inject(context, setter);
      } catch (RuntimeException e) {
        if (LOG.isLoggable(Level.FINE)) {
          LOG.log(Level.FINE, propagator + " failed to inject " + context, e);
        }
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
    // The usual request carries one kind of header: then no array and no map are made.
    JstVerifySpanContext first = null;
    int firstIndex = -1;
    JstVerifySpanContext[] found = null;
    for (int i = 0; i < propagators.length; i++) {
      JstVerifySpanContext context = extractSafely(propagators[i], getter);
      if (context == null) continue;
      if (first == null) {
        first = context;
        firstIndex = i;
        continue;
      }
      if (found == null) {
        found = new JstVerifySpanContext[propagators.length];
        found[firstIndex] = first;
      }
      found[i] = context;
    }
    if (first == null) return null;
    if (found == null) return first.hasIds() || !first.baggage().isEmpty() ? first : null;
    return merge(found);
  }

  private JstVerifySpanContext merge(JstVerifySpanContext[] found) {
    int primaryIndex = -1;
    for (int i = 0; i < found.length; i++) {
      if (found[i] != null && found[i].hasIds()) {
        primaryIndex = i;
        break;
      }
    }
    JstVerifySpanContext primary = primaryIndex < 0 ? null : found[primaryIndex];

    // The primary's baggage first, then the others' in order, never overwriting a key.
    Map<String, String> baggage = primary == null ? Collections.emptyMap() : primary.baggage();
    boolean baggageChanged = false;
    for (int i = 0; i < found.length; i++) {
      if (i == primaryIndex || found[i] == null) continue;
      Map<String, String> more = found[i].baggage();
      if (more.isEmpty()) continue;
      if (baggage.isEmpty()) {
        baggage = more; // nothing to merge yet: share the immutable map
      } else {
        if (!baggageChanged) baggage = new HashMap<>(baggage);
        for (Map.Entry<String, String> item : more.entrySet()) {
          baggage.putIfAbsent(item.getKey(), item.getValue());
        }
      }
      baggageChanged = true;
    }

    if (primary == null) {
      return baggage.isEmpty() ? null : JstVerifySpanContext.baggageOnly(baggage);
    }

    int flags = primary.flags();
    String traceState = primary.traceState();
    if (!(propagators[primaryIndex] instanceof W3CTraceContext)) {
      JstVerifySpanContext w3c = null;
      for (int i = primaryIndex + 1; i < found.length && w3c == null; i++) {
        if (found[i] != null && found[i].hasIds() && propagators[i] instanceof W3CTraceContext) {
          w3c = found[i];
        }
      }
      if (w3c != null && primary.sameTrace(w3c)) {
        // The same trace seen by a W3C peer: its sampling decision and vendors' state hold.
        flags = w3c.flags();
        traceState = w3c.traceState();
      } else if (w3c != null && LOG.isLoggable(Level.FINE)) {
        LOG.fine(
            "Ignoring traceparent and tracestate of trace "
                + w3c.toTraceId()
                + ": the primary headers say trace "
                + primary.toTraceId());
      }
    }
    if (!baggageChanged && flags == primary.flags() && traceState == primary.traceState()) {
      return primary;
    }
    return JstVerifySpanContext.of(
        primary.traceIdHigh(), primary.traceIdLow(), primary.spanId(), flags, baggage, traceState);
  }

  private static JstVerifySpanContext extractSafely(Propagator propagator, Getter getter) {
    try {
      return propagator.extract(getter);
    } catch (RuntimeException e) {
      if (LOG.isLoggable(Level.FINE)) {
        LOG.log(Level.FINE, propagator + " failed to extract; ignoring its headers", e);
      }
      return null;
    }
  }

  @Override
  public String toString() {
    return "CompositePropagator" + Arrays.toString(propagators);
  }
}
