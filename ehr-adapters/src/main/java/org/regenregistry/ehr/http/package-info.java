/**
 * HTTP to a site's EHR with bounds: timeouts, retries with back-off that honour {@code Retry-After}, and a circuit
 * breaker per site, so a failing EHR slows only its own sync.
 */
package org.regenregistry.ehr.http;
