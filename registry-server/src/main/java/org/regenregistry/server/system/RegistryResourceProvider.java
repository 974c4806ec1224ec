package org.regenregistry.server.system;

import ca.uhn.fhir.rest.server.IResourceProvider;

/**
 * Marks a Spring bean as the registry's own FHIR resource provider for a type: {@link FhirEndpointConfig} registers it
 * in place of HAPI's JPA provider of that type, for records the registry keeps outside HAPI's tables.
 */
public interface RegistryResourceProvider extends IResourceProvider {}
