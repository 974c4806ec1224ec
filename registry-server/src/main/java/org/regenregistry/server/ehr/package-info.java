/**
 * The sync of hospital EHR sites into the registry: their settings, the schedule and the lease per site, the
 * high-water marks, the writes into HAPI, the run history, the admin API under {@code /api/ehr} and a site's page of
 * its runs. It owns the {@code RR_EHR_*} tables.
 */
package org.regenregistry.server.ehr;
