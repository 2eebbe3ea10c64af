package chat.server.store;

import chat.server.core.Moderation;
import java.net.InetAddress;
import java.util.List;

/**
 * Where bans and mutes are kept. {@link #NONE} keeps nothing (a server without a data directory);
 * {@link SqliteStore} keeps them in its file.
 *
 * <p>Implementations are thread-safe; the saving methods queue the change and never block for I/O.
 */
public interface ModerationStore {

    /** The bans kept from before (some may have expired). */
    List<Moderation.Ban> bans();

    /** The mutes kept from before (some may have expired). */
    List<Moderation.Mute> mutes();

    void saveBan(Moderation.Ban ban);

    void deleteBan(InetAddress address);

    void saveMute(Moderation.Mute mute);

    void deleteMute(String target);

    /** Keeps nothing. */
    ModerationStore NONE = new ModerationStore() {
        @Override
        public List<Moderation.Ban> bans() {
            return List.of();
        }

        @Override
        public List<Moderation.Mute> mutes() {
            return List.of();
        }

        @Override
        public void saveBan(Moderation.Ban ban) {
        }

        @Override
        public void deleteBan(InetAddress address) {
        }

        @Override
        public void saveMute(Moderation.Mute mute) {
        }

        @Override
        public void deleteMute(String target) {
        }
    };
}
