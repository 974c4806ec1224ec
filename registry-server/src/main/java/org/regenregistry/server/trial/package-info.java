/** The researcher's trial search endpoint, {@code GET /api/trials}, over the search index. */
package org.regenregistry.server.trial;
