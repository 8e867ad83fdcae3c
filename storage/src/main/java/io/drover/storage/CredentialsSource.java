package io.drover.storage;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Where the store's credentials come from: static keys in the environment (which the operator fills
 * from a Secret), or the AWS SDK's default chain (web identity / IRSA, EKS Pod Identity, profile
 * files, container and instance roles). {@link #describe()} is what access-denied messages name.
 *
 * @param accessKeyId the static key's id, or {@code null} for the default chain
 * @param secretName the Secret the keys came from, when the operator said so, or {@code null}
 */
public record CredentialsSource(
    String accessKeyId, String secretAccessKey, String sessionToken, String secretName) {

  /** The SDK's default chain. */
  public static CredentialsSource defaultChain() {
    return new CredentialsSource(null, null, null, null);
  }

  public boolean isStatic() {
    return accessKeyId != null;
  }

  /** For messages: which credentials were used, never their secret part. */
  public String describe() {
    if (!isStatic()) {
      return "the AWS SDK default credentials chain (no AWS_ACCESS_KEY_ID in the environment:"
          + " web identity/IRSA, pod identity, profile, container or instance role)";
    }
    String from =
        secretName == null
            ? "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY"
            : "Secret " + secretName + " (keys AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)";
    return "static keys from the environment (%s, access key id %s)".formatted(from, maskedKeyId());
  }

  AwsCredentialsProvider provider() {
    if (!isStatic()) {
      return DefaultCredentialsProvider.builder().build();
    }
    return StaticCredentialsProvider.create(
        sessionToken == null
            ? AwsBasicCredentials.create(accessKeyId, secretAccessKey)
            : AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken));
  }

  /** Enough of the key id to tell two apart in a log, not enough to matter. */
  private String maskedKeyId() {
    return accessKeyId.length() <= 4 ? "****" : accessKeyId.substring(0, 4) + "****";
  }

  @Override
  public String toString() {
    return describe();
  }
}
