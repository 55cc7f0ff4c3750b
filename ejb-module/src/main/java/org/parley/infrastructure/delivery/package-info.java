/**
 * The one home of delivery: {@link org.parley.infrastructure.delivery.ClusterDelivery} implements the application's
 * {@link org.parley.application.Delivery} port for every audience (a user, users, a room at a mid, a vroom). Here are
 * the devices of this node and their unacknowledged pushes ({@code LocalDevices}, {@code LocalDevice}), the one
 * deadline queue that replaces a timer per push ({@code Deadlines}), frames encoded once per wire mode
 * ({@code EncodedFrame}), the hop between nodes ({@code ClusterBus}, {@code Envelope}), each node's copy of the rooms
 * it fans out to ({@code CachedRoomDirectory}), the room delivery watermarks, the group commit of acknowledged queue
 * entries ({@code OfflineRemovals}), and delivery's own threads ({@code DeliveryExecutors}).
 */
package org.parley.infrastructure.delivery;
