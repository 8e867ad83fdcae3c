/**
 * Persisting ground truth as training data: the labelled rows a server receives, appended to the
 * feedback data set ({@link io.drover.contract.serving.FeedbackDataset}) that a retraining run
 * reads as one of its sources.
 */
package io.drover.serving.feedback;
