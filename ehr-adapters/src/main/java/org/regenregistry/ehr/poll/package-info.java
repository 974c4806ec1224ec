/**
 * Incremental reads of a site's EHR by search ({@code _lastUpdated} after the last high-water mark), page by page,
 * handed to a sink; the marks themselves are stored by the caller.
 */
package org.regenregistry.ehr.poll;
