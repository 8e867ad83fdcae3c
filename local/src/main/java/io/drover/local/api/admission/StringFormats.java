package io.drover.local.api.admission;

import com.google.common.net.InetAddresses;
import com.google.re2j.Pattern;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The string formats kube-apiserver checks in CRD schemas (go-openapi's strfmt registry as
 * Kubernetes configures it). uri, email, isbn, creditcard and bsonobjectid are accepted without a
 * check: their Go parsers have no faithful Java counterpart here.
 */
final class StringFormats {
  private static final Pattern DATE_TIME =
      Pattern.compile("^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$");
  private static final Pattern BASE64 =
      Pattern.compile(
          "^(?:[A-Za-z0-9+\\/]{4})*(?:[A-Za-z0-9+\\/]{2}==|[A-Za-z0-9+\\/]{3}=|[A-Za-z0-9+\\/]{4})$");
  private static final Pattern HOSTNAME =
      Pattern.compile(
          "^([a-zA-Z0-9\\p{S}\\p{L}]((-?[a-zA-Z0-9\\p{S}\\p{L}]{0,62})?)|([a-zA-Z0-9\\p{S}\\p{L}]"
              + "(([a-zA-Z0-9-\\p{S}\\p{L}]{0,61}[a-zA-Z0-9\\p{S}\\p{L}])?)(\\.)){1,}([a-zA-Z\\p{L}])"
              + "{2,63})$");
  private static final Pattern SHORT_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
  private static final Pattern LONG_NAME =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
  private static final Pattern SSN = Pattern.compile("^\\d{3}[- ]?\\d{2}[- ]?\\d{4}$");
  private static final Pattern IPV4 = Pattern.compile("^[0-9]{1,3}(\\.[0-9]{1,3}){3}$");
  // Go's net.ParseMAC forms; java.util.regex, as RE2 has no back-references for the separator.
  private static final java.util.regex.Pattern MAC =
      java.util.regex.Pattern.compile(
          "^([0-9a-fA-F]{2}([:-]))([0-9a-fA-F]{2}\\2){4}[0-9a-fA-F]{2}$"
              + "|^([0-9a-fA-F]{2}([:-]))([0-9a-fA-F]{2}\\5){6}[0-9a-fA-F]{2}$"
              + "|^([0-9a-fA-F]{2}([:-]))([0-9a-fA-F]{2}\\8){18}[0-9a-fA-F]{2}$"
              + "|^[0-9a-fA-F]{4}(\\.[0-9a-fA-F]{4}){2}$"
              + "|^[0-9a-fA-F]{4}(\\.[0-9a-fA-F]{4}){3}$"
              + "|^[0-9a-fA-F]{4}(\\.[0-9a-fA-F]{4}){9}$");

  private static final Map<String, Predicate<String>> FORMATS =
      Map.ofEntries(
          Map.entry("datetime", StringFormats::isDateTime),
          Map.entry("date", StringFormats::isDate),
          Map.entry("duration", StringFormats::isDuration),
          Map.entry("byte", s -> BASE64.matcher(s).find()),
          Map.entry("password", s -> true),
          Map.entry(
              "uuid",
              regex("(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$")),
          Map.entry(
              "uuid3",
              regex("(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$")),
          Map.entry(
              "uuid4",
              regex(
                  "(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$")),
          Map.entry(
              "uuid5",
              regex(
                  "(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$")),
          Map.entry("hostname", StringFormats::isHostname),
          Map.entry("ipv4", StringFormats::isIPv4),
          Map.entry("ipv6", s -> isIPv6(s)),
          Map.entry("cidr", StringFormats::isCidr),
          Map.entry("mac", s -> MAC.matcher(s).find()),
          Map.entry("hexcolor", regex("^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")),
          Map.entry(
              "rgbcolor",
              regex(
                  "^rgb\\(\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*,\\s*(0|[1-9]\\d?|1\\d\\d?|"
                      + "2[0-4]\\d|25[0-5])\\s*,\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*\\)$")),
          Map.entry("ssn", s -> s.length() == 11 && SSN.matcher(s).find()),
          Map.entry("k8sshortname", s -> s.length() <= 63 && SHORT_NAME.matcher(s).find()),
          Map.entry("k8slongname", s -> s.length() <= 253 && LONG_NAME.matcher(s).find()),
          Map.entry("uri", s -> true),
          Map.entry("email", s -> true),
          Map.entry("isbn", s -> true),
          Map.entry("isbn10", s -> true),
          Map.entry("isbn13", s -> true),
          Map.entry("creditcard", s -> true),
          Map.entry("bsonobjectid", s -> true));

  private StringFormats() {}

  /** Whether the registry knows {@code format} (dashes ignored, as go-openapi does). */
  static boolean isKnown(String format) {
    return FORMATS.containsKey(format.replace("-", ""));
  }

  static boolean validates(String format, String value) {
    return FORMATS.get(format.replace("-", "")).test(value);
  }

  /** strfmt's {@code IsDateTime}: an RFC 3339 date, a 't', and a time with zone. */
  static boolean isDateTime(String s) {
    if (s.length() < 4) {
      return false;
    }
    String[] parts = s.toLowerCase(Locale.ROOT).split("t", -1);
    if (parts.length < 2 || !isDate(parts[0])) {
      return false;
    }
    var m = DATE_TIME.matcher(parts[1]);
    if (!m.find()) {
      return false;
    }
    return m.group(1).compareTo("23") <= 0
        && m.group(2).compareTo("59") <= 0
        && m.group(3).compareTo("59") <= 0;
  }

  /** Go's {@code time.Parse("2006-01-02", s)}. */
  static boolean isDate(String s) {
    if (!s.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
      return false;
    }
    try {
      LocalDate.of(
          Integer.parseInt(s.substring(0, 4)),
          Integer.parseInt(s.substring(5, 7)),
          Integer.parseInt(s.substring(8, 10)));
      return true;
    } catch (java.time.DateTimeException e) {
      return false;
    }
  }

  /** strfmt's {@code ParseDateTime}, for CEL timestamps: RFC 3339, or local time taken as UTC. */
  static Instant parseDateTime(String s) {
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
    }
  }

  private static boolean isDuration(String s) {
    try {
      GoDuration.parseLenient(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean isHostname(String s) {
    if (!HOSTNAME.matcher(s).find() || s.length() > 255) {
      return false;
    }
    for (String part : s.split("\\.", -1)) {
      if (part.length() > 63) {
        return false;
      }
    }
    return true;
  }

  /** {@code netutils.ParseIPSloppy} and a dot: leading zeros allowed, IPv4-in-IPv6 too. */
  private static boolean isIPv4(String s) {
    if (IPV4.matcher(s).find()) {
      for (String octet : s.split("\\.")) {
        if (Integer.parseInt(octet) > 255) {
          return false;
        }
      }
      return true;
    }
    return s.contains(".") && isIPv6(s);
  }

  private static boolean isIPv6(String s) {
    return s.contains(":") && !s.contains("%") && InetAddresses.isInetAddress(s);
  }

  private static boolean isCidr(String s) {
    int slash = s.indexOf('/');
    if (slash < 0) {
      return false;
    }
    String ip = s.substring(0, slash);
    String bits = s.substring(slash + 1);
    if (!bits.matches("[0-9]{1,3}")) {
      return false;
    }
    int n = Integer.parseInt(bits);
    if (IPV4.matcher(ip).find()) {
      return isIPv4(ip) && n <= 32;
    }
    return isIPv6(ip) && n <= 128;
  }

  private static Predicate<String> regex(String pattern) {
    Pattern p = Pattern.compile(pattern);
    return s -> p.matcher(s).find();
  }
}
