/**
 * What every HTTP listener of the application does, in both modes: the one place where a request
 * target is checked, a slow client is timed out and an error of any origin becomes the protocol's
 * JSON error body.
 */
package io.drover.serving.listener;
