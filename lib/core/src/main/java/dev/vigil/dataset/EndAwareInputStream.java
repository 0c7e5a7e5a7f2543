package dev.vigil.dataset;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that remembers whether its end was reached: how a reader's summary tells a completely read object
 * from one whose reading stopped early, whatever the reader's own bookkeeping says.
 */
final class EndAwareInputStream extends FilterInputStream {
    private boolean ended;

    EndAwareInputStream(InputStream in) {
        super(in);
    }

    /** True once a read has returned the end of the stream. */
    boolean ended() {
        return ended;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        ended |= b < 0;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        ended |= n < 0;
        return n;
    }
}
