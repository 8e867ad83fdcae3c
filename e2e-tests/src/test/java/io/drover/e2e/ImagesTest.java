package io.drover.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.e2e.support.Repo;
import io.drover.e2e.support.Yamls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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

  /**
   * An image build runs the Maven reactor inside the image, from what the Dockerfile copied: every
   * module's pom (the reactor lists them all) and the whole of each module it builds, the modules
   * it names with {@code -pl} and everything they depend on in the reactor ({@code -am}).
   */
  @Test
  void eachDockerfileCopiesEveryModulesPomAndTheSourcesOfWhatItBuilds() throws Exception {
    Map<String, String> moduleOfArtifact = new HashMap<>();
    List<String> modules = new ArrayList<>();
    NodeList listed = nodes(pom("pom.xml"), "/project/modules/module");
    for (int i = 0; i < listed.getLength(); i++) {
      String module = listed.item(i).getTextContent().trim();
      modules.add(module);
      moduleOfArtifact.put(text(pom(module + "/pom.xml"), "/project/artifactId"), module);
    }
    for (String dockerfile : List.of("serving-image/Dockerfile", "trainer-image/Dockerfile")) {
      String text = Files.readString(Repo.ROOT.resolve(dockerfile));
      Set<String> whole = new HashSet<>();
      Set<String> poms = new HashSet<>();
      Matcher copy = Pattern.compile("(?m)^COPY (\\S+) (\\S+)$").matcher(text);
      while (copy.find()) {
        String source = copy.group(1);
        if (source.endsWith("/pom.xml")) {
          poms.add(source.substring(0, source.length() - "/pom.xml".length()));
        } else {
          whole.add(source);
        }
      }
      Matcher built = Pattern.compile("-pl (\\S+) -am").matcher(text);
      assertThat(built.find()).as("%s: the reactor build's -pl", dockerfile).isTrue();
      Set<String> needed = new TreeSet<>();
      Deque<String> next = new ArrayDeque<>(List.of(built.group(1).split(",")));
      while (!next.isEmpty()) {
        String module = next.pop();
        if (needed.add(module)) {
          NodeList dependencies =
              nodes(
                  pom(module + "/pom.xml"),
                  "/project/dependencies/dependency[groupId='io.drover']/artifactId");
          for (int i = 0; i < dependencies.getLength(); i++) {
            next.add(moduleOfArtifact.get(dependencies.item(i).getTextContent().trim()));
          }
        }
      }
      assertThat(whole)
          .as("%s copies the sources of what it builds", dockerfile)
          .containsAll(needed);
      for (String module : modules) {
        assertThat(whole.contains(module) || poms.contains(module))
            .as("%s copies %s/pom.xml (the reactor lists it)", dockerfile, module)
            .isTrue();
      }
    }
  }

  private static NodeList nodes(Document doc, String xpath) throws Exception {
    return (NodeList)
        XPathFactory.newInstance().newXPath().evaluate(xpath, doc, XPathConstants.NODESET);
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
