/**
 * Plumbing both LPOS services share: gRPC health and reflection, the JVM and process metrics and
 * the Prometheus endpoint. It sits in the proto module because both services depend on it; its
 * gRPC and Micrometer dependencies are optional there, so chain-lib does not inherit them.
 */
package org.lpos.service;
