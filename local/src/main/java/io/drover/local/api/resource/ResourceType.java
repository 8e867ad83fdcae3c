package io.drover.local.api.resource;

import java.util.List;
import java.util.Set;

/**
 * A kind the local API serves: where it lives in the URL space, what discovery says about it and
 * how {@code kubectl get} prints it.
 *
 * @param group the API group, empty for the core group
 * @param version the served version
 * @param kind the kind, e.g. {@code TrainingRun}
 * @param plural the resource name in URLs, e.g. {@code trainingruns}
 * @param singular the singular name, e.g. {@code trainingrun}
 * @param namespaced whether objects live in a namespace
 * @param shortNames short names for kubectl, e.g. {@code trun}
 * @param categories categories for kubectl, e.g. {@code drover}
 * @param subresources the subresources served, e.g. {@code status}, {@code scale}, {@code log}
 * @param printerColumns the additional printer columns a CRD declares (none for built-in kinds)
 * @param custom whether a CustomResourceDefinition defines it
 */
public record ResourceType(
    String group,
    String version,
    String kind,
    String plural,
    String singular,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories,
    Set<String> subresources,
    List<PrinterColumn> printerColumns,
    boolean custom) {

  /** The verbs every kind supports. */
  public static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  public ResourceType {
    shortNames = List.copyOf(shortNames);
    categories = List.copyOf(categories);
    subresources = Set.copyOf(subresources);
    printerColumns = List.copyOf(printerColumns);
  }

  /** {@code group/version}, or just the version for the core group. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** {@code /api/v1} or {@code /apis/group/version}. */
  public String groupVersionPath() {
    return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
  }

  /** The path of the collection, in a namespace if the kind is namespaced. */
  public String collectionPath(String namespace) {
    if (namespaced && namespace != null) {
      return groupVersionPath() + "/namespaces/" + namespace + "/" + plural;
    }
    return groupVersionPath() + "/" + plural;
  }

  /** The path of one object. */
  public String objectPath(String namespace, String name) {
    return collectionPath(namespace) + "/" + name;
  }

  /** {@code plural.group} as errors name a resource, just the plural in the core group. */
  public String qualifiedPlural() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  /** {@code Kind.group} as validation errors name a kind, just the kind in the core group. */
  public String qualifiedKind() {
    return group.isEmpty() ? kind : kind + "." + group;
  }

  public boolean hasStatus() {
    return subresources.contains("status");
  }

  public boolean hasScale() {
    return subresources.contains("scale");
  }
}
