package org.regenregistry.server.system;

/**
 * Marks a Spring bean as a HAPI interceptor for the REST layer: {@link FhirEndpointConfig} registers every such bean
 * on the {@code RestfulServer}, so features can add request checks without the wiring knowing them.
 */
public interface RequestInterceptor {}
