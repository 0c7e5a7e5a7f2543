package dev.vigil.dataset;

/** The dataset a run asked for cannot be read as asked (a listed key does not exist, a prefix is not allowed). */
public class DatasetException extends RuntimeException {
    public DatasetException(String message) {
        super(message);
    }
}
