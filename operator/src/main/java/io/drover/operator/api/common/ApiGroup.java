package io.drover.operator.api.common;

/** Names shared by all Drover kinds, and the admission rules and bounds their fields share. */
public final class ApiGroup {
  public static final String GROUP = "drover.io";
  public static final String VERSION = "v1alpha1";
  public static final String CATEGORY = "drover";

  /**
   * Go-style duration, as Kubernetes users write them (30s, 10m, 1h30m), longer than zero and at
   * most a year. The pattern bounds the digits first, so {@code duration()} never overflows: {@code
   * &&} stops at the first false operand.
   */
  public static final String DURATION_RULE =
      "self.matches('^([0-9]{1,6}(\\\\.[0-9]{1,9})?(ms|s|m|h)){1,4}$')"
          + " && duration(self) > duration('0s') && duration(self) <= duration('8760h')";

  /** What {@link #DURATION_RULE} asks for, to end a field's message with. */
  public static final String DURATION_HINT =
      "must be a duration above 0s and at most 8760h, such as 30s, 15m or 1h30m";

  /** Longest duration text; the rule's pattern allows no more. */
  public static final int DURATION_MAX_LENGTH = 64;

  /** DNS-1123 label, the form of a Kubernetes object or registry name. */
  public static final String NAME_RULE = "self.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$')";

  /** Longest DNS-1123 label (a model or Service name). */
  public static final int NAME_MAX_LENGTH = 63;

  /** DNS-1123 subdomain, the form of most Kubernetes object names (ConfigMap, PriorityClass). */
  public static final String SUBDOMAIN_RULE =
      "self.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$')";

  /** Longest DNS-1123 subdomain. */
  public static final int SUBDOMAIN_MAX_LENGTH = 253;

  /** A metric or hyperparameter name as trainers report it: accuracy, logLoss, hidden_layers. */
  public static final String IDENTIFIER_RULE = "self.matches('^[A-Za-z_][A-Za-z0-9_.-]*$')";

  /** Longest metric or hyperparameter name. */
  public static final int IDENTIFIER_MAX_LENGTH = 63;

  /** Longest location of a data set or bundle. */
  public static final int URI_MAX_LENGTH = 2048;

  /** Longest container image reference (registry, repository, tag and digest). */
  public static final int IMAGE_MAX_LENGTH = 1024;

  /** Longest free-text value a person writes: a version label, a code revision, a value. */
  public static final int TEXT_MAX_LENGTH = 1024;

  /** Longest command or argument of a container. */
  public static final int ARG_MAX_LENGTH = 4096;

  /** Most commands or arguments of a container. */
  public static final int MAX_ARGS = 64;

  /** Longest label key (253-character prefix, '/', 63-character name) and label value. */
  public static final int LABEL_KEY_MAX_LENGTH = 317;

  public static final int LABEL_VALUE_MAX_LENGTH = 63;

  /**
   * Non-negative Kubernetes quantity ("2", "500m", "4Gi", "1e3"): the apimachinery pattern without
   * its sign.
   */
  public static final String QUANTITY_RULE =
      "type(self) == int ? self >= 0 : string(self).matches("
          + "'^[+]?(([0-9]+(\\\\.[0-9]*)?)|(\\\\.[0-9]+))"
          + "(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?(([0-9]+(\\\\.[0-9]*)?)|(\\\\.[0-9]+))))?$')";

  /** Metrics that are fractions of the test rows, so 0 to 1. */
  public static final String FRACTION_METRICS_RULE =
      "self.all(k, !(k in ['accuracy', 'precision', 'recall', 'f1', 'auc'])"
          + " || (self[k] >= 0.0 && self[k] <= 1.0))";

  /**
   * IANA time zone name: UTC, or an area (Africa, America, ...) and a location such as
   * Europe/Berlin or America/Argentina/Buenos_Aires. The area list rules out invented zones.
   */
  public static final String TIME_ZONE_RULE =
      "self.matches('^(UTC|GMT|Etc/[A-Za-z0-9+-]{1,16}|"
          + "(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)"
          + "(/[A-Z][A-Za-z0-9_+-]{1,30}){1,2})$')";

  /** Keys of a metrics or hyperparameters map: names as {@link #IDENTIFIER_RULE} takes them. */
  public static final String IDENTIFIER_KEYS_RULE =
      "self.all(k, size(k) <= 63 && k.matches('^[A-Za-z_][A-Za-z0-9_.-]*$'))";

  public static final String IDENTIFIER_KEYS_HINT =
      "must be names of at most 63 letters, digits, '_', '.' or '-', starting with a letter";

  /** Most metrics in one policy bound or one metrics map. */
  public static final int MAX_METRICS = 64;

  private ApiGroup() {}
}
