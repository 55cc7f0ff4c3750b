package org.parley.application;

import java.util.Map;

/**
 * What a /tim2 token stands for: the account it was issued to, and the domain and extend the session will carry.
 */
public record LoginToken(String node, String domain, Map<String, String> extend) {
}
