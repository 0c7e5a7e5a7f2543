package dev.vigil.dataset;

import dev.hardwood.HardwoodContext;

/**
 * The decoding threads every Parquet read in this JVM shares: labelled data ({@link ParquetDatasetReader}), capture
 * and retraining. Hardwood's {@code open} without a context starts a pool of one thread per processor for each file
 * and stops it when the file closes, so a window read object after object paid for starting and stopping a pool per
 * object. The threads are daemons: the shared pool never keeps a JVM alive. It only runs hardwood's page decodes,
 * which never wait (fetching and assembling run on virtual threads of each read's own), so readers on several
 * threads share it without one's slow consumer holding another's pages.
 */
public final class ParquetDecoders {
    private ParquetDecoders() {}

    /** The shared context, made on first use (so a function that reads no Parquet starts no threads). */
    public static HardwoodContext shared() {
        return Holder.CONTEXT;
    }

    private static final class Holder {
        static final HardwoodContext CONTEXT = HardwoodContext.create();

        private Holder() {}
    }
}
