/**
 * HTTP side of tim's client protocol: {@code POST /tim2} for REGISTER (14) and TOKEN (15). Every request gets a
 * {@code [0x0C][TimAck]} body, even a malformed one (tim v2 sometimes answered with nothing, crashing clients).
 */
package org.parley.interfaces.http;
