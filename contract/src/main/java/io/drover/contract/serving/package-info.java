/**
 * The documents the model server and the router serve for the operator: the router's per-variant
 * statistics, the server's monitoring report, its held-out test rows and its model metadata. One
 * definition each, read by the operator; every record tolerates fields it does not know, so a newer
 * server never breaks an older operator.
 */
package io.drover.contract.serving;
