/**
 * Who may see and change which FHIR record: the rules by role and SMART scope on every route of the FHIR endpoint,
 * the site label every record a site writes carries, the narrowing of a site's searches and match URLs to its own
 * records and the references in what it writes to its own records, SMART scope restrictions, which deliveries a
 * site's subscriptions get, and Bulk Data exports cut to their caller and kept for it.
 * Tokens and the caller they name come from {@code security}; this package does not read tokens itself.
 */
package org.regenregistry.server.access;
