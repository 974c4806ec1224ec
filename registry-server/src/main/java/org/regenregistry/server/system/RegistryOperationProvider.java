package org.regenregistry.server.system;

/**
 * Marks a Spring bean as a plain provider of the registry's own FHIR operations ({@code @Operation} methods):
 * {@link FhirEndpointConfig} registers it on the FHIR endpoint.
 */
public interface RegistryOperationProvider {}
