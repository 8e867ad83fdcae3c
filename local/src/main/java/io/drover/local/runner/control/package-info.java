/**
 * What every controller of the local runner is built from: a client-go-like work queue, object keys
 * and owner links, generated names and API timestamps.
 */
package io.drover.local.runner.control;
