package io.drover.serving.protocol;

import java.util.Set;

/**
 * A validated infer request.
 *
 * @param id the client's request id, or {@code null} when it sent none
 * @param rows {@code rows[row][feature]}: finite values in model feature order, at least one row
 * @param outputs the output tensors asked for; empty for all
 */
public record InferRequest(String id, double[][] rows, Set<String> outputs) {}
