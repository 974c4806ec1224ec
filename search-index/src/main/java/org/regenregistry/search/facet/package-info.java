/**
 * The researcher's trial search over the index: the query parameters of {@code /api/trials}, the facets and their
 * counts, and the page of hits, as one Elasticsearch {@code _msearch}. It reads the index the {@code trial} package
 * writes and owns no data.
 */
package org.regenregistry.search.facet;
