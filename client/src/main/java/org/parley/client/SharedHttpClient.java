package org.parley.client;

import java.net.http.HttpClient;

/** The HTTP client used when none is given: created on first use, shared by all clients. */
final class SharedHttpClient {

    private SharedHttpClient() {
    }

    private static final class Holder {
        static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    static HttpClient get() {
        return Holder.CLIENT;
    }
}
