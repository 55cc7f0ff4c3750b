package org.parley.infrastructure.crypto;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;
import org.parley.infrastructure.config.ParleyConfig;

/**
 * The node's secrets. A configured value wins; otherwise a random one is generated once and kept in
 * {@code secrets.properties} in the data directory (owner-only), so a single node works out of the box and keeps
 * its users across restarts. Nodes of one cluster must be given the same configured secrets.
 */
@ApplicationScoped
public class Secrets {

    private static final String FILE = "secrets.properties";

    @Inject
    ParleyConfig config;

    private byte[] accountKey;

    @PostConstruct
    void load() {
        accountKey = config.accountKey()
                .map(Base64.getDecoder()::decode)
                .orElseGet(() -> generatedSecret("account-key"));
    }

    /**
     * The AES-256 key of encryption at rest used when {@code parley.crypto.keys} is unset: generated once, then
     * kept in the secrets file like the account key.
     */
    public byte[] atRestKey() {
        return generatedSecret("at-rest-key");
    }

    /** Key of the HMAC that derives nodes from account names. */
    public byte[] accountKey() {
        return accountKey.clone();
    }

    /**
     * Key of the HMAC under which login tokens are kept in the cluster, derived from the account key (which every
     * node of a cluster shares already), so no further secret has to be configured.
     */
    public byte[] tokenKey() {
        return new HmacSha256(accountKey).of("parley login tokens".getBytes(StandardCharsets.UTF_8));
    }

    private synchronized byte[] generatedSecret(String name) {
        Path file = config.dataDir().resolve(FILE);
        try {
            Files.createDirectories(file.getParent());
            Properties props = new Properties();
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    props.load(in);
                }
            }
            String value = props.getProperty(name);
            if (value == null) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                value = Base64.getEncoder().encodeToString(key);
                props.setProperty(name, value);
                write(file, props);
            }
            return Base64.getDecoder().decode(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    private static void write(Path file, Properties props) throws IOException {
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
            props.store(out, "Parley node secrets, generated because none were configured. Keep private.");
        }
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // Not a POSIX file system: rely on the directory's permissions.
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
