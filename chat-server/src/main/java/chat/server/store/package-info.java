/**
 * Where rooms keep their history: {@link chat.server.store.HistoryStore} hands each room a
 * {@link chat.server.store.RoomHistory}; {@link chat.server.store.MemoryHistoryStore} keeps a ring per room
 * in memory.
 *
 * <p>Threads: a {@code RoomHistory} is used under its room's lock and must never do I/O there.
 */
package chat.server.store;
