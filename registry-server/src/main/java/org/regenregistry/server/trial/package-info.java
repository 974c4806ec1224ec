/**
 * The trial endpoints over the search index: the researchers' faceted search, {@code GET /api/trials}, and matching a
 * patient to recruiting trials, {@code POST /api/trials/match}.
 */
package org.regenregistry.server.trial;
