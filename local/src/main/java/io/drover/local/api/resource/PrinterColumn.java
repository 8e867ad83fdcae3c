package io.drover.local.api.resource;

/**
 * An additional printer column a CustomResourceDefinition declares for one version.
 *
 * @param name the header kubectl prints
 * @param type the OpenAPI type of the cell: string, integer, number, boolean or date
 * @param format the OpenAPI format, or empty
 * @param description what the column means, or empty
 * @param priority 0 for columns always shown, higher for {@code -o wide} only
 * @param jsonPath the simple JSONPath of the value, e.g. {@code .status.phase}
 */
public record PrinterColumn(
    String name, String type, String format, String description, int priority, String jsonPath) {}
