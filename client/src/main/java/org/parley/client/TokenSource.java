package org.parley.client;

import java.util.concurrent.CompletableFuture;

/** Where an automatic reconnection gets a fresh login token: {@code /tim2} in production. */
@FunctionalInterface
interface TokenSource {

    CompletableFuture<String> token(String name, String pwd, String domain);
}
