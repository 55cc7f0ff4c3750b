package org.parley.application;

/**
 * The real application services wired to in-memory ports, as the container would inject them (their fields are
 * package-private). One instance per test.
 */
final class Wiring {

    final InMemoryAccountStore accounts = new InMemoryAccountStore();
    final InMemoryMessageStore messages = new InMemoryMessageStore();
    final InMemoryRoomStore roomStore = new InMemoryRoomStore(messages);
    final InMemoryRelationStore relations = new InMemoryRelationStore();
    final FakeDelivery delivery = new FakeDelivery();
    final FakeRoomDirectory directory = new FakeRoomDirectory(roomStore);

    final DeliveryService queued = new DeliveryService();
    final RosterService roster = new RosterService();
    final RoomService rooms = new RoomService();
    final BigDataService bigData = new BigDataService();
    final MessagingService messaging = new MessagingService();

    Wiring() {
        this(TestSettings.defaults());
    }

    Wiring(Settings settings) {
        queued.messages = messages;
        queued.delivery = delivery;

        roster.accounts = accounts;
        roster.relations = relations;
        roster.delivery = queued;
        roster.config = settings;

        rooms.rooms = roomStore;
        rooms.accounts = accounts;
        rooms.delivery = queued;
        rooms.directory = directory;

        bigData.accounts = accounts;
        bigData.relations = roster;
        bigData.delivery = delivery;

        messaging.accounts = accounts;
        messaging.messages = messages;
        messaging.delivery = delivery;
        messaging.queued = queued;
        messaging.rooms = rooms;
        messaging.roster = roster;
        messaging.bigData = bigData;
        messaging.config = settings;
    }
}
