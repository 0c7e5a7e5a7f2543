package dev.vigil.capture;

import dev.vigil.dataset.Rejections;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Reads one stored capture object, whichever {@link CaptureFormat} its key names: {@link CaptureParquetReader} for
 * {@code .parquet}, {@link CaptureRecordReader} (gzip or not) for anything else. The one place readers of capture
 * (the traffic join, drift on capture, retraining on traffic) choose the decoder.
 */
public final class CaptureObjects {
    private CaptureObjects() {}

    /**
     * Reads every record of the object {@code key} from {@code in}, in order, as the format's reader does.
     *
     * @param withFeatures false to skip what only drift, shadow scoring and retraining use (features, and for
     *     Parquet the request id and privacy)
     * @return the number of records read
     * @throws IOException when the object cannot be read to its end or is not of the format its key names
     */
    public static long readAll(String key, InputStream in, boolean withFeatures, Consumer<CaptureRecord> records,
            Rejections rejections) throws IOException {
        if (CaptureFormat.of(key) == CaptureFormat.PARQUET) {
            CaptureParquetReader reader = withFeatures ? CaptureParquetReader.full()
                    : CaptureParquetReader.joinFields();
            return reader.readAll(in.readAllBytes(), key, records, rejections);
        }
        CaptureRecordReader reader = withFeatures ? CaptureRecordReader.full() : CaptureRecordReader.joinFields();
        return reader.readAll(in, key, records, rejections);
    }
}
