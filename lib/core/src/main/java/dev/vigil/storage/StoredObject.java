package dev.vigil.storage;

/** An object's bytes together with the entity tag they were read at (for a later conditional write). */
public record StoredObject(String key, byte[] bytes, String eTag) {}
