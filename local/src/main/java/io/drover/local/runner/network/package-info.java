/**
 * The network of local mode: each pod and each Service gets its own loopback address, Services are
 * forwarded as kube-proxy would and named in a hosts file the pods' JVMs resolve with.
 */
package io.drover.local.runner.network;
