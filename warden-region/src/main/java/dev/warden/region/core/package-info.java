/**
 * The pure core of regions, without I/O: a region node's identity, join tokens, the diff of replicated rows and the
 * hash-linked, signed change log that carries them. Everything here is checked by unit and property tests alone.
 */
package dev.warden.region.core;
