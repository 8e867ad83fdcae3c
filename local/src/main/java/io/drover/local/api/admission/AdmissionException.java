package io.drover.local.api.admission;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A refused write, carrying what kube-apiserver answers: 422 {@code Invalid} with one cause per
 * field error, or 400 {@code BadRequest} (strict field validation found unknown fields; the causes
 * then name them with type {@code UnknownField}, though a real API server sends no causes for it).
 * {@link #getMessage()} is the Status message kubectl prints after {@code Error from server
 * (Invalid):}, and {@link #status()} the whole {@code metav1.Status} body.
 */
public final class AdmissionException extends RuntimeException {
  private final int code;
  private final String reason;
  private final String kind;
  private final String group;
  private final String name;
  private final List<FieldError> causes;
  private final String strictDecodingError;

  private AdmissionException(
      int code,
      String reason,
      String message,
      String kind,
      String group,
      String name,
      List<FieldError> causes,
      String strictDecodingError) {
    super(message);
    this.strictDecodingError = strictDecodingError;
    this.code = code;
    this.reason = reason;
    this.kind = kind;
    this.group = group;
    this.name = name;
    this.causes = List.copyOf(causes);
  }

  /** {@code apierrors.NewInvalid}: {@code Kind.group "name" is invalid: [cause, cause]}. */
  static AdmissionException invalid(
      String kind, String group, String name, List<FieldError> causes) {
    String qualified = group.isEmpty() ? kind : kind + "." + group;
    Set<String> distinct = new LinkedHashSet<>();
    causes.forEach(c -> distinct.add(c.toString()));
    String message = qualified + " " + GoValues.quote(name) + " is invalid";
    if (distinct.size() == 1) {
      message += ": " + distinct.iterator().next();
    } else if (!distinct.isEmpty()) {
      message += ": [" + String.join(", ", distinct) + "]";
    }
    return new AdmissionException(422, "Invalid", message, kind, group, name, causes, null);
  }

  /** {@code apierrors.NewBadRequest}: a request the API server could not decode. */
  static AdmissionException badRequest(
      String message, String kind, String group, String name, List<FieldError> causes) {
    return new AdmissionException(400, "BadRequest", message, kind, group, name, causes, null);
  }

  /** Unknown fields under strict field validation, as refused on create and update. */
  static AdmissionException strict(
      String cannotHandle,
      String strictDecodingError,
      String kind,
      String group,
      String name,
      List<FieldError> causes) {
    return new AdmissionException(
        400,
        "BadRequest",
        cannotHandle + strictDecodingError,
        kind,
        group,
        name,
        causes,
        strictDecodingError);
  }

  /**
   * The same refusal as a PATCH gets it: kube-apiserver reports unknown fields in a patched object
   * as 422 {@code patch: Invalid value: "<patched object>": strict decoding error: ...}, against no
   * kind or name. Any other refusal is returned as it is.
   */
  public AdmissionException asPatchRefusal(String patchedObjectJson) {
    if (strictDecodingError == null) {
      return this;
    }
    FieldError cause = FieldError.invalid("patch", patchedObjectJson, strictDecodingError);
    return new AdmissionException(
        422, "Invalid", " \"\" is invalid: " + cause, "", "", "", List.of(cause), null);
  }

  /** Every field error, in the order kube-apiserver would list them. */
  public List<FieldError> causes() {
    return causes;
  }

  /** The HTTP status code: 422 or 400. */
  public int code() {
    return code;
  }

  /** The Status reason: {@code Invalid} or {@code BadRequest}. */
  public String reason() {
    return reason;
  }

  /** The refused object's kind, group and name as the Status details name them. */
  public String kind() {
    return kind;
  }

  public String group() {
    return group;
  }

  public String name() {
    return name;
  }

  /** The {@code metav1.Status} body a real API server sends for this refusal. */
  public ObjectNode status() {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode status = json.objectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", getMessage());
    status.put("reason", reason);
    if (code == 422) {
      ObjectNode details = status.putObject("details");
      // metav1.StatusDetails omits empty fields
      if (!name.isEmpty()) {
        details.put("name", name);
      }
      if (!group.isEmpty()) {
        details.put("group", group);
      }
      if (!kind.isEmpty()) {
        details.put("kind", kind);
      }
      ArrayNode list = details.putArray("causes");
      for (FieldError cause : causes) {
        list.addObject()
            .put("reason", cause.type())
            .put("message", cause.message())
            .put("field", cause.field());
      }
    }
    status.put("code", code);
    return status;
  }
}
