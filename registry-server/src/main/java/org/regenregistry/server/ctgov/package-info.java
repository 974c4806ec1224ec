/**
 * Importing ClinicalTrials.gov records into the registry: the admin API ({@code /api/imports/ctgov}) that starts an
 * import of an upload or of a file or folder in the import directory, the background job that maps each record
 * ({@code ctgov-import}) and stores it through HAPI as a transaction, and the history of runs with what each read,
 * created, updated, left unchanged and refused, and why.
 */
package org.regenregistry.server.ctgov;
