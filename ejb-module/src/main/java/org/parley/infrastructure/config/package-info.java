/**
 * Every configuration key of Parley, read through MicroProfile Config (system properties, environment,
 * {@code microprofile-config.properties}, Payara's config sources). {@link org.parley.infrastructure.config.ParleyConfig}
 * is the one place that lists them with their defaults; docs/configuration.md mirrors it. {@link
 * org.parley.infrastructure.config.DataDirectory} keeps the node's data directory to its owner.
 */
package org.parley.infrastructure.config;
