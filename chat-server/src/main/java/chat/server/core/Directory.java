package chat.server.core;

import chat.server.protocol.Event;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Who is online under which nickname, which rooms exist and who is in them. Commands reach other users
 * only through here. Today's implementation is {@link LocalDirectory}, for one server process; a directory
 * shared by several nodes is another implementation of this interface.
 *
 * <p>Implementations are thread-safe.
 */
public interface Directory {

    /** Outcome of claiming a nickname. */
    sealed interface Claim {
        record Granted() implements Claim { }

        record Invalid(String why) implements Claim { }

        record Taken(String holder) implements Claim { }

        /** Held by a different nickname that looks the same (confusable characters). */
        record LookAlike(String holder) implements Claim { }
    }

    /** Claims {@code nick} for {@code user}, releasing {@code previous} (may be null) on success: a rename. */
    Claim claim(String nick, String previous, User user);

    /** Frees {@code nick} if {@code user} holds it. */
    void release(String nick, User user);

    /** The user online as {@code nick} (or a look-alike of it). */
    Optional<User> find(String nick);

    /** How many nicknames are held. */
    int online();

    /**
     * Puts {@code member} into the room {@code name} (a valid display name), creating it if needed.
     *
     * @param replay what of the room's history the joiner gets
     * @param before the events the joiner gets before the replay, computed from the room it joins
     */
    Room enter(String name, Member member, Replay replay, Function<Room, List<Event>> before);

    /** The key a room called {@code name} keeps its history under, whether or not it exists now. */
    String roomKey(String name);

    /** Takes {@code member} out of {@code room}, removing the room when it is empty. */
    void exit(Room room, Member member);

    /** The room called {@code name}, if it exists. */
    Optional<Room> room(String name);

    /** The members of the room called {@code name}, in join order, if it exists. */
    default Optional<Event.Who> who(String name) {
        return room(name).map(r -> new Event.Who(r.name(), r.nicks()));
    }

    /** The first {@code limit} nicknames in {@code room}, here and (in a cluster) on other nodes. */
    default List<String> names(Room room, int limit) {
        return room.nicks(limit);
    }

    /** How many are in {@code room}, here and (in a cluster) on other nodes. */
    default int size(Room room) {
        return room.size();
    }

    /** The active rooms with their sizes, largest first. */
    List<Event.RoomSize> roomSizes();

    /** How many rooms exist. */
    int roomCount();
}
