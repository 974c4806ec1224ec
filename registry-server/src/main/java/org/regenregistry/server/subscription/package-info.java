/**
 * Subscriptions in the server: rest-hook delivery and topic-based subscriptions (R5 backport), with a topic taking
 * effect as soon as it is stored.
 */
package org.regenregistry.server.subscription;
