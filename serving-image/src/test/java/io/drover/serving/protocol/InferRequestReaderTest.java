package io.drover.serving.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class InferRequestReaderTest {

  private static final InputSpec SPEC = new InputSpec("input-0", List.of("a", "b"), 3);

  private static InferRequest read(String body) {
    return InferRequestReader.read(body.getBytes(StandardCharsets.UTF_8), SPEC);
  }

  @Test
  void flatAndNestedDataAreReadRowMajor() {
    double[][] expected = {{1, 2}, {3, 4}};
    String flat =
        "{\"id\":\"x\",\"inputs\":[{\"name\":\"input-0\",\"shape\":[2,2],\"datatype\":\"FP64\",\"data\":[1,2,3,4]}]}";
    String nested =
        "{\"inputs\":[{\"name\":\"input-0\",\"shape\":[2,2],\"datatype\":\"FP64\",\"data\":[[1,2],[3,4]]}]}";
    assertThat(read(flat).rows()).isDeepEqualTo(expected);
    assertThat(read(flat).id()).isEqualTo("x");
    assertThat(read(nested).rows()).isDeepEqualTo(expected);
    assertThat(read(nested).id()).isNull();
  }

  @Test
  void columnsAreAssembledInModelOrder() {
    String columns =
        "{\"inputs\":[{\"name\":\"b\",\"shape\":[2],\"datatype\":\"INT32\",\"data\":[2,4]},"
            + "{\"name\":\"a\",\"shape\":[2,1],\"datatype\":\"FP32\",\"data\":[[1],[3]]}]}";
    assertThat(read(columns).rows()).isDeepEqualTo(new double[][] {{1, 2}, {3, 4}});
  }

  @Test
  void fp32ValuesAreRoundedAsTheClientsTensorWouldBe() {
    String body =
        "{\"inputs\":[{\"name\":\"input-0\",\"shape\":[1,2],\"datatype\":\"FP32\",\"data\":[0.1,2]}]}";
    assertThat(read(body).rows()[0][0]).isEqualTo((double) 0.1f);
  }

  @Test
  void columnsOfDifferentLengthsAreRefused() {
    String body =
        "{\"inputs\":[{\"name\":\"a\",\"shape\":[2],\"datatype\":\"FP32\",\"data\":[1,2]},"
            + "{\"name\":\"b\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[1]}]}";
    assertThatThrownBy(() -> read(body))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("has 1 rows but a has 2");
  }

  @Test
  void deepNestingIsA400NotAStackOverflow() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    assertThatThrownBy(() -> read(deep))
        .isInstanceOfSatisfying(
            ProtocolException.class, e -> assertThat(e.status()).isEqualTo(400));
  }

  @Test
  void tooManyRowsIs413BeforeTheDataIsRead() {
    String body =
        "{\"inputs\":[{\"name\":\"input-0\",\"shape\":[4,2],\"datatype\":\"FP32\",\"data\":[]}]}";
    assertThatThrownBy(() -> read(body))
        .isInstanceOfSatisfying(
            ProtocolException.class, e -> assertThat(e.status()).isEqualTo(413));
  }

  @Test
  void v1InstancesAreListsOrObjects() {
    InferRequest request =
        V1RequestReader.read(
            "{\"instances\":[[1,2],{\"b\":4,\"a\":3}]}".getBytes(StandardCharsets.UTF_8), SPEC);
    assertThat(request.rows()).isDeepEqualTo(new double[][] {{1, 2}, {3, 4}});
  }
}
