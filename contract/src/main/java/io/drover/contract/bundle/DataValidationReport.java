package io.drover.contract.bundle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.drover.contract.TrainerResult.ValidationVerdict;
import java.util.List;

/**
 * Every data-validation check of a training run against its reference model ({@value
 * ModelBundles#VALIDATION_FILE}); the termination message carries only the worst of them.
 *
 * @param referenceUri the reference bundle the data was compared with
 * @param referenceModel name and version of the reference model
 * @param shiftSignificance family-wise significance level of the shift tests
 * @param checks every verdict, worst first
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataValidationReport(
    String referenceUri,
    String referenceModel,
    Double shiftSignificance,
    List<ValidationVerdict> checks) {}
