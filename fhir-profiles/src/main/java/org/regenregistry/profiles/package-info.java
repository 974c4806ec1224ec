/**
 * The registry's FHIR package as a library: where it sits on the classpath, the URLs of what it defines (profiles,
 * extensions, code systems, identifier systems) for the other modules, and HAPI's validator loaded with it offline.
 * It depends on HAPI's structures and validation only, never on the server, HAPI JPA or Spring.
 */
package org.regenregistry.profiles;
