/**
 * The trial index kept in step with the database: the transactional outbox ({@code RR_TRIAL_OUTBOX}) written with
 * each trial change, the dispatcher that sends documents to Elasticsearch, the rebuild, the consistency check and the
 * embedded node of the default set-up.
 */
package org.regenregistry.server.indexing;
