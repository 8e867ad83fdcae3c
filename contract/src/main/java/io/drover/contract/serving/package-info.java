/**
 * The documents the model server and the router serve for the operator: the router's per-variant
 * statistics, the server's monitoring report, its held-out test rows and its model metadata. One
 * definition each: the server and the router build and serialize these records, the operator reads
 * them. Every record tolerates fields it does not know, so a newer server never breaks an older
 * operator; a field is added here, never only on one side.
 */
package io.drover.contract.serving;
