package io.drover.operator.api.common;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** One source of a data set as a trainer read it: in a run's status and a version's lineage. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SourceRead(
    @JsonPropertyDescription("The source's location.") @Size(max = ApiGroup.URI_MAX_LENGTH)
        String uri,
    @JsonPropertyDescription(
            "Digest of the bytes read from it, sha256:<hex>; for a folder, of its complete CSV"
                + " lines in file-name order.")
        @Size(max = 71)
        String digest,
    @JsonPropertyDescription("Data rows read from it.") Long rows) {}
