package com.jstverify.tracing.internal;

import com.jstverify.tracing.JstVerifyTracer;
import com.jstverify.tracing.Transport;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * Turns settings given as data (environment variables and {@code jstverify.*} system
 * properties) into builder calls. The only class that reads the environment. A value that
 * cannot be used fails with a message naming the key and what it expected.
 */
public final class EnvironmentConfig {
  public static final String API_KEY = "JSTVERIFY_API_KEY";
  public static final String SERVICE_NAME = "JSTVERIFY_SERVICE_NAME";
  public static final String SERVICE_TYPE = "JSTVERIFY_SERVICE_TYPE";
  public static final String ENDPOINT = "JSTVERIFY_ENDPOINT";
  public static final String TRANSPORT = "JSTVERIFY_TRANSPORT";
  public static final String FLUSH_INTERVAL = "JSTVERIFY_FLUSH_INTERVAL";
  public static final String MAX_QUEUE_SIZE = "JSTVERIFY_MAX_QUEUE_SIZE";
  public static final String MAX_BATCH_SIZE = "JSTVERIFY_MAX_BATCH_SIZE";
  public static final String DEBUG = "JSTVERIFY_DEBUG";
  public static final String PROPAGATION = "JSTVERIFY_PROPAGATION";
  public static final String TAGS = "JSTVERIFY_TAGS";

  /** Every key, in the order they are applied. */
  public static final List<String> KEYS =
      Collections.unmodifiableList(
          Arrays.asList(
              API_KEY,
              SERVICE_NAME,
              SERVICE_TYPE,
              ENDPOINT,
              TRANSPORT,
              FLUSH_INTERVAL,
              MAX_QUEUE_SIZE,
              MAX_BATCH_SIZE,
              DEBUG,
              PROPAGATION,
              TAGS));

  private static final Logger LOG = Logger.getLogger(EnvironmentConfig.class.getName());
  private static final String VARIABLE_PREFIX = "JSTVERIFY_";
  private static final String PROPERTY_PREFIX = "jstverify.";
  /**
   * A name at most this many letters (added, removed or changed) away from a setting's is taken
   * for a typo of it; farther ones may be another JstVerify tool's, and are left alone.
   */
  private static final int TYPO_DISTANCE = 2;

  private EnvironmentConfig() {}

  /** The system property for a key: {@code JSTVERIFY_API_KEY} → {@code jstverify.api_key}. */
  public static String systemPropertyName(String key) {
    return PROPERTY_PREFIX + key.substring(VARIABLE_PREFIX.length()).toLowerCase(Locale.ROOT);
  }

  /** The JstVerify settings of this process: environment, overridden by system properties. */
  public static Map<String, String> fromEnvironment() {
    return merge(System.getenv(), System.getProperties());
  }

  /** {@code env} overridden by {@code properties}, keyed by the environment variable names. */
  static Map<String, String> merge(Map<String, String> env, Properties properties) {
    warnOfMisspellings(env.keySet());
    warnOfMisspellings(properties.stringPropertyNames());
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : KEYS) {
      String value = properties.getProperty(systemPropertyName(key));
      if (isBlank(value)) value = env.get(key);
      if (!isBlank(value)) out.put(key, value.trim());
    }
    return out;
  }

  /**
   * Settings keyed either way (variable or property name) as variable names; the property form
   * wins when both are given, as it does between system properties and the environment.
   */
  public static Map<String, String> normalize(Map<String, String> settings) {
    warnOfMisspellings(settings.keySet());
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : KEYS) {
      String value = settings.get(systemPropertyName(key));
      if (isBlank(value)) value = settings.get(key);
      if (!isBlank(value)) out.put(key, value.trim());
    }
    return out;
  }

  /**
   * What to say of the names that look like a misspelt setting (a letter off, or a variable in
   * the wrong case): read silently, a typo would leave the tracer on a default without a word.
   */
  static List<String> misspellings(Iterable<String> names) {
    List<String> found = new ArrayList<>();
    for (String name : names) {
      if (name == null) continue;
      boolean property = name.regionMatches(true, 0, PROPERTY_PREFIX, 0, PROPERTY_PREFIX.length());
      String asVariable =
          (property ? VARIABLE_PREFIX + name.substring(PROPERTY_PREFIX.length()) : name)
              .toUpperCase(Locale.ROOT);
      if (!asVariable.startsWith(VARIABLE_PREFIX)) continue;
      String closest = closestKey(asVariable);
      if (closest == null) continue;
      String meant = property ? systemPropertyName(closest) : closest;
      if (meant.equals(name)) continue; // spelled right
      found.add(
          name + " is not a JstVerify setting, and is ignored: did you mean " + meant + "?");
    }
    return found;
  }

  private static void warnOfMisspellings(Iterable<String> names) {
    for (String misspelling : misspellings(names)) LOG.warning(misspelling);
  }

  // The key within TYPO_DISTANCE of name, the closest one, or null.
  private static String closestKey(String name) {
    String closest = null;
    int best = TYPO_DISTANCE + 1;
    for (String key : KEYS) {
      int distance = editDistance(name, key, best);
      if (distance < best) {
        best = distance;
        closest = key;
      }
    }
    return closest;
  }

  // Levenshtein distance, or at least give up once the lengths alone say it is that far.
  private static int editDistance(String a, String b, int giveUp) {
    if (Math.abs(a.length() - b.length()) >= giveUp) return giveUp;
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) previous[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int change = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(change, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** Applies normalized settings to {@code builder}. */
  public static void apply(Map<String, String> settings, JstVerifyTracer.Builder builder) {
    for (Map.Entry<String, String> e : settings.entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      try {
        applyOne(key, value, builder);
      } catch (IllegalArgumentException | NullPointerException ex) {
        String shown = API_KEY.equals(key) ? "****" : value;
        throw new IllegalArgumentException(
            key + ": '" + shown + "' " + describe(key) + " (" + ex.getMessage() + ")", ex);
      }
    }
  }

  private static void applyOne(String key, String value, JstVerifyTracer.Builder b) {
    switch (key) {
      case API_KEY:
        b.apiKey(value);
        break;
      case SERVICE_NAME:
        b.serviceName(value);
        break;
      case SERVICE_TYPE:
        b.serviceType(value);
        break;
      case ENDPOINT:
        b.endpoint(value);
        break;
      case TRANSPORT:
        b.transport(Transport.valueOf(value.toUpperCase(Locale.ROOT)));
        break;
      case FLUSH_INTERVAL:
        b.flushInterval(seconds(value));
        break;
      case MAX_QUEUE_SIZE:
        b.maxQueueSize(Integer.parseInt(value));
        break;
      case MAX_BATCH_SIZE:
        b.maxBatchSize(Integer.parseInt(value));
        break;
      case DEBUG:
        b.debug(bool(value));
        break;
      case PROPAGATION:
        b.propagation(value);
        break;
      case TAGS:
        b.tags(tags(value));
        break;
      default:
        throw new IllegalArgumentException("unknown key");
    }
  }

  private static String describe(String key) {
    switch (key) {
      case TRANSPORT:
        return "is not a transport: expected direct or relay";
      case FLUSH_INTERVAL:
        return "is not a positive number of seconds (e.g. 5 or 0.5)";
      // The ranges, not "at least 1": a number too large is a whole number too.
      case MAX_QUEUE_SIZE:
        return "is not a whole number from 1 to " + (1 << 30);
      case MAX_BATCH_SIZE:
        return "is not a whole number from 1 to " + Integer.MAX_VALUE;
      case DEBUG:
        return "is not a boolean: expected true or false";
      case ENDPOINT:
        return "is not an http:// or https:// URL";
      case PROPAGATION:
        return "is not a propagation list: expected names among jstverify, w3c, baggage";
      case TAGS:
        return "is not a tag list: expected k=v,k2=v2";
      default:
        return "cannot be used";
    }
  }

  private static Duration seconds(String value) {
    BigDecimal seconds = new BigDecimal(value);
    if (seconds.signum() <= 0) throw new IllegalArgumentException("must be positive");
    if (seconds.compareTo(BigDecimal.valueOf(86_400L)) > 0) {
      throw new IllegalArgumentException("must be at most a day");
    }
    return Duration.ofNanos(seconds.movePointRight(9).longValue());
  }

  private static boolean bool(String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "true":
      case "1":
      case "yes":
      case "on":
        return true;
      case "false":
      case "0":
      case "no":
      case "off":
        return false;
      default:
        throw new IllegalArgumentException("not a boolean");
    }
  }

  static Map<String, String> tags(String value) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (String member : value.split(",")) {
      if (member.trim().isEmpty()) continue;
      int eq = member.indexOf('=');
      if (eq <= 0) throw new IllegalArgumentException("'" + member.trim() + "' has no key=");
      String k = member.substring(0, eq).trim();
      if (k.isEmpty()) throw new IllegalArgumentException("'" + member.trim() + "' has no key");
      tags.put(k, member.substring(eq + 1).trim());
    }
    return tags;
  }

  private static boolean isBlank(String s) {
    return s == null || s.trim().isEmpty();
  }
}
