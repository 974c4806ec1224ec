/** HAPI's Batch2 jobs (Bulk Data $export) in the server: their settings and the maintenance that moves them on. */
package org.regenregistry.server.jobs;
