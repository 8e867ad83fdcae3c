package io.drover.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.e2e.support.Repo;
import io.drover.e2e.support.Yamls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The images' names and tags agree everywhere they are written: the parent pom, the Jib
 * configuration of profile {@code images}, the chart's appVersion and defaults, and the cluster
 * setup script. A release that bumps one and forgets another fails here.
 */
class ImagesTest {

  @Test
  void imageTagIsTheChartsAppVersionEverywhere() throws Exception {
    Document parent = pom("pom.xml");
    String registry = text(parent, "/project/properties/drover.image.registry");
    String tag = text(parent, "/project/properties/drover.image.tag");
    Map<String, Object> chart = Yamls.parseOne(Repo.CHART.resolve("Chart.yaml"));
    Map<String, Object> values = Yamls.parseOne(Repo.CHART.resolve("values.yaml"));

    assertThat(tag).isEqualTo(chart.get("appVersion"));
    assertThat((Object) Yamls.at(values, "image.repository"))
        .isEqualTo(registry + "/drover-operator");
    assertThat((Object) Yamls.at(values, "image.tag")).as("empty: the appVersion").isEqualTo("");
    assertThat((Object) Yamls.at(values, "training.trainer.image"))
        .isEqualTo(registry + "/drover-trainer:" + tag);
    assertThat((Object) Yamls.at(values, "serving.image"))
        .isEqualTo(registry + "/drover-serving:" + tag);
    assertThat(setupScript("version")).isEqualTo(tag);
    assertThat(setupScript("operator_image"))
        .isEqualTo("ghcr.io/drover-dev/drover-operator:$version");
    assertThat(registry).isEqualTo("ghcr.io/drover-dev");
  }

  @Test
  void jibProfileNamesTheImagesFromThePomProperties() throws Exception {
    String image =
        "/project/profiles/profile[id='images']/properties/quarkus.container-image.image";

    assertThat(text(pom("operator/pom.xml"), image))
        .isEqualTo("${drover.image.registry}/drover-operator:${drover.image.tag}");
    assertThat(text(pom("serving-image/pom.xml"), image))
        .isEqualTo("${drover.image.registry}/drover-serving:${drover.image.tag}");
    assertThat(
            text(
                pom("trainer-image/pom.xml"),
                "/project/profiles/profile[id='images']/build/plugins/plugin[artifactId='jib-maven-plugin']/configuration/to/image"))
        .isEqualTo("${drover.image.registry}/drover-trainer:${drover.image.tag}");
  }

  @Test
  void imagesAreNotPartOfTheDefaultBuild() throws Exception {
    // The default build must stay offline: no profile that pulls base images is active by default,
    // and no module outside the profile depends on Jib.
    for (String module : new String[] {"operator", "serving-image", "trainer-image"}) {
      Document pom = pom(module + "/pom.xml");
      assertThat(text(pom, "/project/profiles/profile[id='images']/activation"))
          .as("%s: profile images is activated only by -Pimages", module)
          .isEmpty();
      NodeList outside =
          (NodeList)
              XPathFactory.newInstance()
                  .newXPath()
                  .evaluate(
                      "/project/dependencies/dependency[contains(artifactId,'jib')]"
                          + " | /project/build/plugins/plugin[contains(artifactId,'jib')]",
                      pom,
                      XPathConstants.NODESET);
      assertThat(outside.getLength()).as("%s: Jib outside the profile", module).isZero();
    }
  }

  private static String setupScript(String variable) throws IOException {
    Matcher m =
        Pattern.compile("(?m)^" + variable + "=(\\S+)$")
            .matcher(Files.readString(Repo.ROOT.resolve("e2e-tests/cluster/setup.sh")));
    assertThat(m.find()).as("%s= in e2e-tests/cluster/setup.sh", variable).isTrue();
    return m.group(1);
  }

  private static Document pom(String path) throws Exception {
    Path file = Repo.ROOT.resolve(path);
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  private static String text(Document doc, String xpath) throws Exception {
    return XPathFactory.newInstance().newXPath().evaluate(xpath, doc).trim();
  }
}
