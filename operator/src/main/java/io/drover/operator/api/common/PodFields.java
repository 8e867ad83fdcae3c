package io.drover.operator.api.common;

/**
 * Admission rules and bounds for the fields Drover passes on to the pods it creates: image,
 * command, node selector, tolerations and environment. The pod would refuse most of these defects
 * only later, in the operator's Job or Deployment, where the user no longer sees them.
 */
public final class PodFields {

  /** Container image reference: [registry/]repository[:tag][@digest], no spaces. */
  public static final String IMAGE_RULE = "self.matches('^[A-Za-z0-9][-A-Za-z0-9._:/@]*$')";

  public static final String IMAGE_HINT =
      "must be an image reference such as ghcr.io/org/trainer:1.2 or repo@sha256:<hex>";

  /** Most node-selector labels. */
  public static final int MAX_LABELS = 32;

  /** Label keys (optional DNS-subdomain prefix and '/', a name) and label values. */
  public static final String LABELS_RULE =
      "self.all(k, size(k) <= 317 && k.matches("
          + "'^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
          + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$')"
          + " && self[k].matches('^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$'))";

  public static final String LABELS_HINT =
      "must map label keys such as example.com/gpu-type to label values: letters, digits, '-',"
          + " '_' and '.', at most 63 characters";

  /** Most tolerations. */
  public static final int MAX_TOLERATIONS = 32;

  public static final String TOLERATION_KEY_RULE =
      "self.all(t, (has(t.key) && t.key != '') || (has(t.operator) && t.operator == 'Exists'))";

  public static final String TOLERATION_KEY_HINT =
      "may be empty only with operator Exists (which then tolerates every taint)";

  public static final String TOLERATION_VALUE_RULE =
      "self.all(t, !has(t.operator) || t.operator != 'Exists' || !has(t.value) || t.value == '')";

  public static final String TOLERATION_VALUE_HINT =
      "must be empty when operator is Exists: drop value, or use operator Equal";

  public static final String TOLERATION_SECONDS_RULE =
      "self.all(t, !has(t.tolerationSeconds) || (has(t.effect) && t.effect == 'NoExecute'))";

  public static final String TOLERATION_SECONDS_HINT = "applies to effect NoExecute only";

  /** Most extra environment variables. */
  public static final int MAX_ENV = 64;

  public static final String ENV_UNIQUE_RULE =
      "self.all(e, !has(e.name) || self.exists_one(f, has(f.name) && f.name == e.name))";

  public static final String ENV_UNIQUE_HINT =
      "must not repeat a name: Kubernetes would keep only the last one silently";

  public static final String ENV_NAME_RULE =
      "self.all(e, !has(e.name) || e.name.matches('^[-._a-zA-Z][-._a-zA-Z0-9]*$'))";

  public static final String ENV_NAME_HINT =
      "must be letters, digits, '_', '-' or '.', not starting with a digit";

  public static final String ENV_VALUE_RULE = "self.all(e, !has(e.value) || !has(e.valueFrom))";

  public static final String ENV_VALUE_HINT = "sets either value or valueFrom, not both";

  private PodFields() {}
}
