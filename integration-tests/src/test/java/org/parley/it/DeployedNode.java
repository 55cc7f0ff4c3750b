package org.parley.it;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tests against the node WAR deployed by Arquillian on its managed Payara Micro (arquillian.xml), with clients
 * talking to it from outside as tim's clients would.
 */
@ExtendWith(ArquillianExtension.class)
abstract class DeployedNode {

    @Deployment(testable = false)
    static WebArchive node() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(MicroNode.property("parley.nodeWar")));
    }

    @ArquillianResource
    URL base;

    /** Registers and logs in users on the deployed node; runs before each subclass's own set-up. */
    Users users;

    /** Test classes whose node has logged a user in once: each class has a node of its own. */
    private static final Set<Class<?>> READY = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void connectUsers() throws InterruptedException {
        users = new Users(URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/tim"));
        if (!READY.contains(getClass())) {
            users.awaitLogins(Duration.ofSeconds(120));
            READY.add(getClass());
        }
    }
}
