package chat.server.protocol;

import chat.server.protocol.Event.Code;
import chat.server.protocol.Event.Notice;
import java.time.Duration;

/**
 * Every server notice and error, with the sentence a person reads: one place for all of them.
 * docs/PROTOCOL.md quotes these sentences; change both together.
 *
 * <p>Thread-safe: stateless.
 */
public final class Notices {

    private Notices() {
    }

    public static Notice nickInvalid(String why) {
        return new Notice(Code.NICK_INVALID, "Invalid nickname: " + why + ". Use 1-24 letters, digits, _ - or .");
    }

    public static Notice nickTaken(String nick) {
        return new Notice(Code.NICK_TAKEN, "Nickname " + nick + " is taken, choose another.");
    }

    public static Notice nickLookAlike(String nick, String existing) {
        return new Notice(Code.NICK_LOOKALIKE, "Nickname " + nick + " looks too much like " + existing
                + ", choose another.");
    }

    /** Said once at the prompt, to a person on nc or telnet who may not know what {@code NICK} asks for. */
    public static Notice nickHint() {
        return new Notice(Code.NICK_HINT, "Type a nickname (letters, digits, _ - .) and press Enter.");
    }

    public static Notice awaySet(String message) {
        return new Notice(Code.AWAY_SET, "You are marked as away: " + message);
    }

    public static Notice awayCleared() {
        return new Notice(Code.AWAY_CLEARED, "You are back.");
    }

    /** To whoever sends a private message to someone away. */
    public static Notice isAway(String nick, String message) {
        return new Notice(Code.IS_AWAY, nick + " is away: " + message);
    }

    public static Notice nickUnchanged(String nick) {
        return new Notice(Code.NICK_UNCHANGED, "You are already " + nick + ".");
    }

    public static Notice lineTooLong(int limit) {
        return new Notice(Code.LINE_TOO_LONG, "Line too long (more than " + limit + " bytes), not sent.");
    }

    public static Notice unknownCommand(String name) {
        return new Notice(Code.UNKNOWN_COMMAND, "Unknown command /" + name + ". Type /help for the list.");
    }

    public static Notice usage(CommandTable.Spec spec) {
        return new Notice(Code.USAGE, "Usage: " + spec.usage() + " - " + spec.description());
    }

    public static Notice serverFull(int limit) {
        return new Notice(Code.SERVER_FULL, "Server full (" + limit + " clients), try again later.");
    }

    public static Notice handshakeTimeout(Duration timeout) {
        return new Notice(Code.HANDSHAKE_TIMEOUT, "No valid nickname within " + timeout.toSeconds()
                + " seconds, goodbye.");
    }

    public static Notice registrationTooLong(int limit) {
        return new Notice(Code.REGISTRATION_TOO_LONG, "More than " + limit
                + " bytes sent without a valid nickname, goodbye.");
    }

    public static Notice tooManyFromAddress(int limit) {
        return new Notice(Code.TOO_MANY_CONNECTIONS, "Too many connections from your address (at most " + limit
                + "), goodbye.");
    }

    public static Notice tooFastFromAddress(int perMinute) {
        return new Notice(Code.TOO_MANY_CONNECTS, "Too many new connections from your address (at most "
                + perMinute + " a minute), try again later.");
    }

    public static Notice floodDropped() {
        return new Notice(Code.FLOOD_DROPPED, "You are sending too fast: lines are being dropped. Slow down.");
    }

    public static Notice floodDisconnect() {
        return new Notice(Code.FLOODING, "Disconnected for flooding.");
    }

    public static Notice idleTimeout(Duration timeout) {
        return new Notice(Code.IDLE_TIMEOUT, "Idle for " + timeout.toSeconds() + " seconds, goodbye.");
    }

    public static Notice operGranted() {
        return new Notice(Code.OPER_GRANTED, "You are now an operator.");
    }

    public static Notice operRefused() {
        return new Notice(Code.OPER_REFUSED, "Wrong operator password.");
    }

    public static Notice operWait(long seconds) {
        return new Notice(Code.OPER_WAIT, "Too many operator password attempts; wait " + seconds + " s.");
    }

    public static Notice operDisabled() {
        return new Notice(Code.OPER_DISABLED, "This server has no operators.");
    }

    public static Notice notOperator(String command) {
        return new Notice(Code.NOT_OPERATOR, "Permission denied: /" + command + " is for operators.");
    }

    public static Notice kicked(String by, String reason) {
        return new Notice(Code.KICKED, "You were kicked by " + by + (reason.isEmpty() ? "." : ": " + reason));
    }

    public static Notice muted(String by, int minutes) {
        return new Notice(Code.YOU_WERE_MUTED, "You were muted by " + by + " for " + minutes
                + (minutes == 1 ? " minute." : " minutes."));
    }

    public static Notice stillMuted(long seconds) {
        return new Notice(Code.MUTED, "You are muted for " + Math.max(1, (seconds + 59) / 60)
                + " more minute(s); not sent.");
    }

    public static Notice banned() {
        return new Notice(Code.BANNED, "You are banned from this server.");
    }

    public static Notice moderationDone(String what) {
        return new Notice(Code.MODERATION, what);
    }

    public static Notice shuttingDown() {
        return new Notice(Code.SHUTTING_DOWN, "Server shutting down, goodbye.");
    }

    public static Notice goodbye() {
        return new Notice(Code.GOODBYE, "Goodbye.");
    }

    public static Notice roomInvalid(String name) {
        return new Notice(Code.ROOM_INVALID, "Invalid room name " + name
                + ": use 1-32 letters, digits, _ - or . after an optional #.");
    }

    public static Notice alreadyInRoom(String room) {
        return new Notice(Code.ALREADY_IN_ROOM, "You are already in " + room + ".");
    }

    public static Notice noSuchRoom(String room) {
        return new Notice(Code.NO_SUCH_ROOM, "No room " + room + ".");
    }

    public static Notice serverBusy() {
        return new Notice(Code.SERVER_BUSY, "Server busy, not sent. Try again in a moment.");
    }

    /** Said to everyone on a cluster node that lost its broker (docs/PROTOCOL.md, "Cluster"). */
    public static Notice clusterSplit() {
        return new Notice(Code.CLUSTER_SPLIT, "Other servers of this chat are unreachable: until they are back,"
                + " messages reach only the people on this server and are not kept in history.");
    }

    public static Notice clusterWhole() {
        return new Notice(Code.CLUSTER_WHOLE, "This server reaches the other servers of this chat again.");
    }

    public static Notice storeFailed(String room) {
        return new Notice(Code.STORE_FAILED, "Storage error: recent messages in " + room
                + " may not have been saved.");
    }

    public static Notice noSuchNick(String nick) {
        return new Notice(Code.NO_SUCH_NICK, "No one called " + nick + " is online.");
    }
}
