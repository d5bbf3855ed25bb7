package dev.warden.tuf.client;

import dev.warden.tuf.TargetFile;

/**
 * A target that trusted metadata describes.
 *
 * @param path the target path, as listed
 * @param file its length, hashes and custom data
 * @param role the targets role that listed it ({@code targets}, or a delegated role such as a thing type)
 */
public record TargetInfo(String path, TargetFile file, String role) {}
