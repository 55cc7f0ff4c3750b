package org.parley.infrastructure.delivery;

import org.parley.protocol.ThriftCodec;
import org.parley.protocol.TimStruct;

/** What a struct looks like after a trip over the wire (Thrift fills in its defaults). */
final class Wire {

    private Wire() {
    }

    @SuppressWarnings("unchecked")
    static <T extends TimStruct<T>> T roundTrip(T struct) {
        return ThriftCodec.INSTANCE.decode(ThriftCodec.INSTANCE.encode(struct), (Class<T>) struct.getClass());
    }
}
