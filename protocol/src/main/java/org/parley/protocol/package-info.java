/**
 * tim's client wire format, shared by the Parley server and its client library: frame layouts
 * ({@link org.parley.protocol.ClientFrame}, {@link org.parley.protocol.ServerFrame},
 * {@link org.parley.protocol.BigData}), the twelve structs of the IDL and their two body encodings
 * ({@link org.parley.protocol.ThriftCodec Thrift compact} and {@link org.parley.protocol.JsonCodec
 * JSON}).
 *
 * <p>This package only translates between bytes and values. It holds no server logic: what a frame
 * means, and what to answer, is decided elsewhere. Section numbers in the comments refer to the
 * tim wire-protocol specification.
 */
package org.parley.protocol;
