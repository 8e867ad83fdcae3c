/**
 * Drover's local Kubernetes API ({@link io.drover.local.api.LocalApiServer}): an object store keyed
 * by kind, namespace and name behind a Vert.x front that answers as kube-apiserver 1.32 does
 * wherever kubectl, Fabric8/JOSDK clients and users can tell.
 *
 * <p>Packages: {@code store} (the objects, their change feed, the state file), {@code watch} (the
 * watch cache: numbered history, selector transitions, 410 Gone), {@code write} (create, update,
 * patch, delete semantics and admission), {@code gc} (owner references, foreground and orphan
 * deletion, namespace and CRD cleanup), {@code http} (routing, watches over chunked HTTP and
 * websockets, logs), {@code discovery} (discovery and OpenAPI v3/v2, v2 also as protobuf), {@code
 * print} (server-side Tables), {@code select} (label and field selectors), {@code patch} (merge,
 * JSON and strategic merge patches), {@code protobuf} (protobuf request bodies), {@code resource}
 * (the served kinds), {@code admission} (schema and CEL admission of custom objects).
 *
 * <p>Where it knowingly differs from a real API server:
 *
 * <ul>
 *   <li>No TLS, authentication or authorization: everything is allowed, and the review APIs ({@code
 *       kubectl auth can-i}) are not served.
 *   <li>Server-side apply answers 415; strategic merge patch (built-in kinds only) merges lists by
 *       a key chosen by field name (containers, env, volumes by name; ports by containerPort or
 *       port; volumeMounts by mountPath; conditions by type; ...), other lists are replaced.
 *   <li>{@code fieldValidation} absent means Ignore (unknown fields pruned silently); a real server
 *       defaults to Warn.
 *   <li>A CRD's objects are stored at the version they were written in; there is no conversion
 *       between versions. Core and {@code events.k8s.io} Events are separate objects.
 *   <li>Lists ignore {@code limit} and return everything, sorted by namespace and name as etcd
 *       returns them; a watch that allows bookmarks gets one a minute (a real server's timing
 *       varies); the watch history holds the last 10,000 changes (older resource versions get 410).
 *   <li>Deletion is immediate (no grace period). A new pod is Pending; Services get no cluster IP
 *       and Jobs no generated selector. ValidatingAdmissionPolicies are stored, not enforced.
 *   <li>Protobuf is read for the kinds kubectl's generators send ({@code create}, {@code run},
 *       {@code expose}); answers are always JSON.
 * </ul>
 */
package io.drover.local.api;
