package org.regenregistry.server.system;

/**
 * Marks a Spring bean as a HAPI interceptor for the storage layer: it is registered on the JPA interceptor service,
 * so its {@code STORAGE_*} hooks fire for every write, through REST or not (package installation, jobs, internal
 * writes).
 */
public interface StorageInterceptor {}
