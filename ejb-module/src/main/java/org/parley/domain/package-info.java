/**
 * Parley's messaging model in plain Java: chats, messages, accounts, relations between users (friendship and
 * blocking), profiles, and the stores that keep them, as interfaces. No infrastructure or user-interface code
 * here; the wire format lives in the protocol module and persistence in
 * {@code org.parley.infrastructure.persistence}.
 */
package org.parley.domain;
