/**
 * The trial index: its definition and generations, the mapping of a trial and what describes it (eligibility, sites,
 * sponsor, products, condition groups) to one search document, and the writes of those documents.
 */
package org.regenregistry.search.trial;
