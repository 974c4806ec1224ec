/**
 * Who may see and change which FHIR record: the rules by role and SMART scope on every route of the FHIR endpoint,
 * the site label every record a site writes carries, and the narrowing of a site's searches to its own records.
 * Tokens and the caller they name come from {@code security}; this package does not read tokens itself.
 */
package org.regenregistry.server.access;
