/**
 * What a request must be before the registry acts on it, and what it answers when it is not: readiness, HTTP-level
 * syntax, strict FHIR bodies, the base datatype rules, patch bodies, search and size limits, {@code If-Match}
 * semantics, and the mapping of client-caused failures to 4xx. Every refusal is an OperationOutcome (problem+json
 * under {@code /api}), never an HTML page or a 500. It owns no data and writes nothing; it may use the server's
 * wiring ({@code system}) but no other feature package.
 */
package org.regenregistry.server.request;
