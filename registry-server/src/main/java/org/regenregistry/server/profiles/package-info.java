/**
 * The registry package in the server: installed at start-up, offline, and its profiles enforced on every write path
 * (a violation answers 422 and stores nothing).
 */
package org.regenregistry.server.profiles;
