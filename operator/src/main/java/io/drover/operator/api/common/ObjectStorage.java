package io.drover.operator.api.common;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * How one resource's pods reach object storage ({@code s3://} locations), over the operator's
 * {@code drover.storage.*} settings. The operator never reads the Secret: its pods reference it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ObjectStorage(
    @JsonPropertyDescription(
            "A Secret in this resource's namespace with keys AWS_ACCESS_KEY_ID and"
                + " AWS_SECRET_ACCESS_KEY (and optionally AWS_SESSION_TOKEN): the static"
                + " credentials of every pod that reads or writes an s3:// location for this"
                + " resource, instead of the operator's drover.storage.secret-name. Unset: the"
                + " operator's Secret, or the AWS SDK's default chain when it names none.")
        @Size(max = ApiGroup.SUBDOMAIN_MAX_LENGTH)
        @ValidationRule(
            value = ApiGroup.SUBDOMAIN_RULE,
            message =
                "spec.storage.secretName must be a Secret name (a DNS subdomain: lowercase letters,"
                    + " digits, '-' and '.')")
        String secretName) {

  /**
   * The settings that apply, most specific first: the first that names a Secret, or {@code null}.
   */
  public static ObjectStorage firstOf(ObjectStorage... candidates) {
    for (ObjectStorage candidate : candidates) {
      if (secretOf(candidate) != null) {
        return candidate;
      }
    }
    return null;
  }

  /** The Secret this names, or {@code null}: {@code storage} may itself be absent. */
  public static String secretOf(ObjectStorage storage) {
    return storage == null || storage.secretName() == null || storage.secretName().isBlank()
        ? null
        : storage.secretName();
  }
}
