/**
 * A real single-node Elasticsearch run as a child JVM on 127.0.0.1 from jars of Maven Central, for the embedded
 * default and the integration tests.
 */
package org.regenregistry.elasticsearch;
