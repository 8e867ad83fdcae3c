package io.drover.serving;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The server on a TorchScript bundle made in the test (see {@link TorchScriptBundles}). */
public class TorchScriptProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("drover.model.uri", TorchScriptBundles.iris().toString());
  }
}
